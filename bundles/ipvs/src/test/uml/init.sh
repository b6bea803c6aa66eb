#!/bin/busybox sh
# PID 1 of the user-mode-linux guest: load IPVS (and veth, tunnels, ipvlan, vrf), put the host's root (read-only + tmpfs overlay)
# under /newroot, share the work dir read-write, run $WORK/cmd.sh there, leave its status in $WORK/rc.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /newroot /lower /ovl /work
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for a in $(cat /proc/cmdline); do
  case "$a" in uml.work=*) WORK=${a#uml.work=};; uml.modules=*) MODS=${a#uml.modules=};; esac
done
KV=$(uname -r)
mkdir -p /lib/modules/$KV
mount -t hostfs -o ro,"$MODS/$KV" none /lib/modules/$KV
for m in ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq \
         ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_twos veth overlay ipip fou ip_gre ipvlan vrf; do
  modprobe $m 2>/dev/null
done
mount -t hostfs -o ro,/ none /lower
mount -t tmpfs tmpfs /ovl; mkdir -p /ovl/u /ovl/w
mount -t overlay overlay -o lowerdir=/lower,upperdir=/ovl/u,workdir=/ovl/w /newroot
mount -t proc proc /newroot/proc; mount -t sysfs sys /newroot/sys; mount -t devtmpfs dev /newroot/dev
mount -t devpts devpts /newroot/dev/pts 2>/dev/null; mount -t tmpfs tmpfs /newroot/dev/shm
mount -t tmpfs tmpfs /newroot/run; mount -t tmpfs tmpfs /newroot/tmp
mkdir -p /newroot/lib/modules/$KV && mount --bind /lib/modules/$KV /newroot/lib/modules/$KV
mkdir -p "/newroot$WORK"; mount -t hostfs -o "$WORK" none "/newroot$WORK"
ip link set lo up; hostname ipvs-uml
chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  LANG=C.UTF-8 /bin/bash "$WORK/cmd.sh" </dev/null >"/newroot$WORK/out.log" 2>&1
echo $? > "/newroot$WORK/rc"
sync
poweroff -f
