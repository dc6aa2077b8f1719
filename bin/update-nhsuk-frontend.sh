#!/usr/bin/env bash
# Refresh the vendored NHS.UK frontend (compiled CSS and JS) in static/vendor/nhsuk/.
# Usage: bin/update-nhsuk-frontend.sh 10.6.1     (needs npm; users of the portal need nothing)
set -euo pipefail
version=${1:?give the nhsuk-frontend version, e.g. 10.6.1}
cd "$(dirname "$0")/.."
dest=static/vendor/nhsuk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "nhsuk-frontend@$version" >/dev/null && tar xzf "nhsuk-frontend-$version.tgz")
dist="$work/package/dist/nhsuk"
# LICENSE (MIT, copied from the nhsuk/nhsuk-frontend repository; the npm package has none) is kept.
rm -rf "$dest/assets" "$dest"/*.min.* && mkdir -p "$dest/assets/images"
# Asset URLs made relative so Django's hashed static storage can follow them; source-map comments removed
# because the maps are not shipped.
sed -e 's#url(/assets/images/#url(assets/images/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
    "$dist/nhsuk-frontend.min.css" > "$dest/nhsuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$dist/nhsuk-frontend.min.js" > "$dest/nhsuk-frontend.min.js"
# The same stylesheet without its @font-face rules, for NHSUK_SYSTEM_FONT: no request to the NHS assets host.
sed -e 's#@font-face{[^}]*}##g' "$dest/nhsuk-frontend.min.css" > "$dest/nhsuk-frontend-system-font.min.css"
cp "$dist"/assets/images/*.svg "$dist/assets/images/favicon.ico" "$dest/assets/images/"
cat > "$dest/VERSION" <<NOTE
nhsuk-frontend $version, from the npm registry (https://www.npmjs.com/package/nhsuk-frontend).
Files: dist/nhsuk/nhsuk-frontend.min.css and .min.js (source-map comments stripped, asset URLs made relative)
and dist/nhsuk/assets/images. To update: bin/update-nhsuk-frontend.sh NEW_VERSION, then check the pages.
NOTE
echo "nhsuk-frontend $version copied to $dest"
