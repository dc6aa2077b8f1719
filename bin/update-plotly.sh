#!/usr/bin/env bash
# Refresh the vendored plotly.js basic bundle (scatter, bar and pie traces: all the portal's charts draw) in
# static/vendor/plotly/. Usage: bin/update-plotly.sh 4.1.1     (needs npm; users of the portal need nothing)
# Give the plotly.js version the pinned `plotly` Python package bundles: tests/test_indicator_pages.py holds them equal.
set -euo pipefail
version=${1:?give the plotly.js version, e.g. 4.1.1}
cd "$(dirname "$0")/.."
dest=static/vendor/plotly
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js-basic-dist-min@$version" >/dev/null && tar xzf "plotly.js-basic-dist-min-$version.tgz")
mkdir -p "$dest"
cp "$work/package/plotly-basic.min.js" "$work/package/LICENSE" "$dest/"
cat > "$dest/VERSION" <<NOTE
plotly.js-basic-dist-min $version, from the npm registry (https://www.npmjs.com/package/plotly.js-basic-dist-min):
plotly.js $version with the bar, pie and scatter traces only. Files: plotly-basic.min.js and LICENSE (MIT).
To update: bin/update-plotly.sh NEW_VERSION (the plotly.js version of the pinned plotly package), then check the
indicator page's charts.
NOTE
echo "plotly.js basic $version copied to $dest"
