#!/usr/bin/env bash
# check_deb.sh BUILD_DIR VERSION — makes the Debian package of a build folder with cpack, checks
# its contents and metadata with dpkg-deb, unpacks it into a scratch root and runs the binary
# from there.
set -euo pipefail
build=$1
version=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; exit 1; }
deb=$(ls "$scratch"/out/twinsync_"$version"_*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/twinsync ./usr/lib/systemd/system/twinsync@.service ./usr/share/man/man1/twinsync.1 \
         ./usr/share/doc/twinsync/examples/outsourced_qa/qa.sync ./usr/share/doc/twinsync/operator-guide.md \
         ./usr/share/doc/twinsync/README.md; do
  grep -qF " $f" <<<"$contents" || { echo "check_deb: the package has no $f"; exit 1; }
done
[ "$(dpkg-deb -f "$deb" Package)" = twinsync ] || { echo "check_deb: wrong Package"; exit 1; }
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || { echo "check_deb: wrong Version"; exit 1; }
dpkg-deb -f "$deb" Depends | grep -q libsqlite3 || { echo "check_deb: Depends lacks libsqlite3: $(dpkg-deb -f "$deb" Depends)"; exit 1; }

root="$scratch/root"
dpkg-deb -x "$deb" "$root"
got=$("$root/usr/bin/twinsync" --version)
[ "$got" = "twinsync $version" ] || { echo "check_deb: --version says '$got'"; exit 1; }

unit="$root/usr/lib/systemd/system/twinsync@.service"
for line in 'ExecStart=/usr/bin/twinsync run /etc/twinsync/%i.sync' 'DynamicUser=yes' 'NoNewPrivileges=yes' \
            'ProtectSystem=strict' 'StateDirectory=twinsync/%i'; do
  grep -qxF "$line" "$unit" || { echo "check_deb: the unit lacks '$line'"; exit 1; }
done

man="$root/usr/share/man/man1/twinsync.1"
head -1 "$man" | grep -q '^\.TH TWINSYNC 1' || { echo "check_deb: the man page has no .TH"; exit 1; }
for cmd in $("$root/usr/bin/twinsync" --help | sed -n '/^Subcommands:/,$p' | awk '/^  [a-z]/ {print $1}'); do
  grep -qx ".SS $cmd" "$man" || { echo "check_deb: the man page lacks command $cmd"; exit 1; }
done
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1 || true)
  [ -z "$warnings" ] || { echo "check_deb: groff warns about the man page: $warnings"; exit 1; }
fi
echo "check_deb: $(basename "$deb") OK ($(wc -l <<<"$contents") entries)"
