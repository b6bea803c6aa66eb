#!/bin/bash
# Records keepalived 2.2.7's verdicts on its own samples keepalived.conf.SMTP_CHECK and
# keepalived.conf.virtualhost, addresses rewritten into the loopback lab (rewrite.txt), against real
# opensmtpd (smtpd.conf) and nginx (sites.txt). keepalived's checker needs IPVS: run this in the
# user-mode-linux guest of bundles/ipvs, from the repository root:
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/kj-e2e bash \
#     bundles/check-http/src/test/resources/samples-e2e/run-keepalived.sh /tmp/kj-e2e
# It prints one line per config and real server: CONFIG SERVER up|down (up: in ipvsadm's table).
# KeepalivedSamplesInUmlIT runs it so in every build and compares with keepalived-verdicts.txt.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
W=${1:?work dir}; mkdir -p "$W"
SAMPLES=${SAMPLES:-/work/shared/conformance/keepalived-samples}
WAIT=${WAIT:-45}
rewrite() { local s; s=$(grep -v '^#' "$HERE/rewrite.txt" | awk '{gsub(/\./,"\\.",$1); printf "s/\\<%s\\>/%s/g;", $1, $2}'); sed -e "$s" "$1"; }
md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }
rewrite "$SAMPLES/keepalived.conf.SMTP_CHECK" > "$W/SMTP_CHECK.conf"
rewrite "$SAMPLES/keepalived.conf.virtualhost" > "$W/virtualhost.conf"
# the same sample with its digests replaced by those of the lab site's pages
sed -e "s/ff20ad2481f97b1754ef3e12ecd3a9cc/$(md5 'root page')/; s/9b3a0c85a887a256d6939da88aabd8cd/$(md5 'mrtg page')/" \
  "$W/virtualhost.conf" > "$W/virtualhost-lab-digests.conf"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=www.firewall.loc -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null
{
  echo "user root; pid $W/nginx.pid; error_log $W/nginx-error.log; events { worker_connections 64; }"
  echo "http { access_log $W/nginx-access.log; client_body_temp_path $W/t1; proxy_temp_path $W/t2; fastcgi_temp_path $W/t3; uwsgi_temp_path $W/t4; scgi_temp_path $W/t5;"
  echo "server { listen 127.9.1.100:80 ssl default_server; ssl_certificate $W/cert.pem; ssl_certificate_key $W/key.pem; return 404; }"
  echo "server { listen 127.9.1.100:80 ssl; server_name www.firewall.loc; ssl_certificate $W/cert.pem; ssl_certificate_key $W/key.pem;"
  grep -v '^#' "$HERE/sites.txt" | while read -r path body; do echo "  location = $path { return 200 '$body'; }"; done
  echo "} }"
} > "$W/nginx.conf"
ip link set lo up
/usr/sbin/smtpd -d -f "$HERE/smtpd.conf" > "$W/smtpd.log" 2>&1 & SMTPD=$!
/usr/sbin/nginx -p "$W" -c "$W/nginx.conf"
sleep 2
for c in SMTP_CHECK virtualhost virtualhost-lab-digests; do
  /usr/sbin/keepalived -f "$W/$c.conf" -l -D -n -C -p "$W/k.pid" -c "$W/kc.pid" > "$W/$c.log" 2>&1 & K=$!
  sleep "$WAIT"
  ipvsadm -Ln > "$W/$c.ipvs"
  kill $K; wait $K
  ipvsadm -C
  grep -o 'real_server [0-9.]* [0-9]*' "$W/$c.conf" | while read -r _ ip port; do
    if grep -q " $ip:$port " "$W/$c.ipvs"; then echo "$c $ip:$port up"; else echo "$c $ip:$port down"; fi
  done
done
kill $SMTPD; kill "$(cat "$W/nginx.pid")"
