#!/bin/bash
# run-in-uml.sh WORKDIR CMD [ARGS...]
# Boots Debian's user-mode-linux kernel (it has IPVS as modules), runs CMD inside as root with the
# host's files visible (read-only, with a throw-away overlay on top) and WORKDIR writable, and exits
# with CMD's status (125 when the guest gave no answer). Guest output goes to WORKDIR/console.log;
# CMD's own output is printed.
# Needs: apt-get install user-mode-linux busybox-static ipvsadm.
# Env: UML_TIMEOUT (seconds, default 300), UML_MEM (in M, default 1536M).
set -u
[ $# -ge 2 ] || { echo "usage: $0 WORKDIR CMD [ARGS...]" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd -P)
mkdir -p "$1"; WORK=$(cd "$1" && pwd -P); shift
KERNEL=${UML_KERNEL:-/usr/bin/linux.uml}
MODULES=${UML_MODULES:-/usr/lib/uml/modules}
BUSYBOX=${UML_BUSYBOX:-/bin/busybox}
for f in "$KERNEL" "$BUSYBOX"; do [ -x "$f" ] || { echo "run-in-uml: $f missing (apt-get install user-mode-linux busybox-static)" >&2; exit 125; }; done

# initramfs: busybox and our init, rebuilt when either changes
RAMFS=$WORK/initramfs.cpio.gz
if [ ! -s "$RAMFS" ] || [ "$HERE/init.sh" -nt "$RAMFS" ] || [ "$BUSYBOX" -nt "$RAMFS" ]; then
  R=$WORK/initramfs; rm -rf "$R"; mkdir -p "$R/bin"
  cp "$BUSYBOX" "$R/bin/busybox"; cp "$HERE/init.sh" "$R/init"; chmod 755 "$R/init"
  (cd "$R" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null | gzip -1) > "$RAMFS.tmp" && mv "$RAMFS.tmp" "$RAMFS"
  rm -rf "$R"
fi

# the command, as a script the guest runs from the shared work dir
CMDFILE=$WORK/cmd.sh
{
  echo "cd $(printf '%q' "$PWD") 2>/dev/null || cd $(printf '%q' "$WORK")"
  printf '%q ' "$@"; echo
} > "$CMDFILE"
rm -f "$WORK/rc" "$WORK/out.log"

# UML keeps guest memory in a file under TMPDIR: /dev/shm is fastest, when it has room (containers often give it 64 MB).
MEM=${UML_MEM:-1536M}
MEMDIR=${TMPDIR:-/tmp}
if [ "$(df -Pm /dev/shm 2>/dev/null | awk 'NR==2 {print $4}')" -gt "$(( ${MEM%M} + 64 ))" ] 2>/dev/null; then MEMDIR=/dev/shm; fi
TMPDIR=$MEMDIR timeout -k 5 "${UML_TIMEOUT:-300}" "$KERNEL" mem="$MEM" initrd="$RAMFS" \
  con0=null,fd:1 con=null ssl=null quiet uml.work="$WORK" uml.modules="$MODULES" \
  </dev/null > "$WORK/console.log" 2>&1
[ -f "$WORK/out.log" ] && cat "$WORK/out.log"
if [ -f "$WORK/rc" ]; then exit "$(cat "$WORK/rc")"; fi
echo "run-in-uml: no answer from the guest; see $WORK/console.log" >&2
tail -20 "$WORK/console.log" >&2
exit 125
