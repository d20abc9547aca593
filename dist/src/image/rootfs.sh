#!/usr/bin/env bash
# The image's root file system besides sonde's own tree, made from this build machine (no base image
# is needed, none is pulled: the image is FROM scratch): a Java runtime linked by jlink from the JDK
# that builds (only the modules sonde uses, ~60 MB instead of the JDK's ~300), bash and the few tools
# bin/sonde calls, and every shared library all of these and the jars' native code (DuckDB, JNA,
# zstd) load, found with ldd, at the paths the dynamic loader looks in.
# usage: rootfs.sh ROOT SONDE_TREE   (ROOT is made anew)
set -euo pipefail
root="$1"; tree="$2"
rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/etc" "$root/usr/bin"
chmod 1777 "$root/tmp"

jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
"$jdk/bin/jlink" --output "$root/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.security.auth,jdk.naming.dns
cp -a "$tree" "$root/opt/sonde"

tools=(bash env readlink dirname stat cksum cut mkdir rm mv cat sleep ls)
for t in "${tools[@]}"; do cp -L "$(command -v "$t")" "$root/usr/bin/"; done
ln -s bash "$root/usr/bin/sh"

# the native libraries inside the jars, for ldd
natives="$(mktemp -d)"
trap 'rm -rf "$natives"' EXIT
for j in "$tree"/lib/*.jar; do
  unzip -qq -o "$j" 'libduckdb_java.so_linux_amd64' 'com/sun/jna/linux-x86-64/*' 'linux/amd64/*' -d "$natives" 2>/dev/null || true
done
elfs=("$root"/usr/bin/* "$root"/opt/java/bin/* "$root"/opt/java/lib/*.so "$root"/opt/java/lib/server/*.so)
while IFS= read -r f; do elfs+=("$f"); done < <(find "$natives" -type f)
for e in "${elfs[@]}"; do
  [ -L "$e" ] && continue
  ldd "$e" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' || true
done | sort -u | while IFS= read -r lib; do
  case "$lib" in "$root"/*) continue ;; esac   # the runtime's own, found through its $ORIGIN
  real="$(readlink -f "$lib")"
  dest="$root$(dirname "$lib")"
  # merged /usr: /lib is /usr/lib on the build machine; the image has both as directories
  mkdir -p "$dest"
  cp -L "$real" "$dest/$(basename "$lib")"
done
mkdir -p "$root/etc"
echo 'root:x:0:0:root:/root:/usr/bin/bash' > "$root/etc/passwd"
echo 'root:x:0:' > "$root/etc/group"
printf "%s\n" /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu > "$root/etc/ld.so.conf"
/sbin/ldconfig -r "$root" 2>/dev/null || true
