#!/usr/bin/env bash
# Refreshes the front-end libraries under static/vendor/ from the npm registry.
# The output is committed: the portal serves every asset itself (intranets have no
# internet), so this runs only when a version below is changed on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOTSTRAP=5.3.9
BOOTSTRAP_ICONS=1.13.2
ECHARTS=6.1.0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION -> unpacks into $work/NAME
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null && mkdir "$1" && tar -xzf "$1-$2.tgz" -C "$1" --strip-components=1)
}

fetch bootstrap "$BOOTSTRAP"
fetch bootstrap-icons "$BOOTSTRAP_ICONS"
fetch echarts "$ECHARTS"

rm -rf static/vendor/bootstrap static/vendor/bootstrap-icons static/vendor/echarts
mkdir -p static/vendor/echarts/i18n
cp "$work/echarts/dist/echarts.min.js" "$work/echarts/LICENSE" static/vendor/echarts/
# Chinese is built in; English for the English interface.
cp "$work/echarts/i18n/langZH.js" "$work/echarts/i18n/langEN.js" static/vendor/echarts/i18n/
mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/bootstrap-icons/fonts
cp "$work/bootstrap/dist/css/bootstrap.min.css" "$work/bootstrap/dist/css/bootstrap.min.css.map" static/vendor/bootstrap/css/
cp "$work/bootstrap/dist/js/bootstrap.bundle.min.js" "$work/bootstrap/dist/js/bootstrap.bundle.min.js.map" static/vendor/bootstrap/js/
cp "$work/bootstrap/LICENSE" static/vendor/bootstrap/
cp "$work/bootstrap-icons/font/bootstrap-icons.min.css" static/vendor/bootstrap-icons/
cp "$work/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$work/bootstrap-icons/font/fonts/bootstrap-icons.woff" static/vendor/bootstrap-icons/fonts/
cp "$work/bootstrap-icons/LICENSE" static/vendor/bootstrap-icons/

cat > static/vendor/VERSIONS <<TXT
bootstrap $BOOTSTRAP
bootstrap-icons $BOOTSTRAP_ICONS
echarts $ECHARTS
TXT
echo "static/vendor refreshed:"; cat static/vendor/VERSIONS
