#!/bin/sh
# The Chromium that kaleido drives to draw the link previews (deploy/build_previews.py sets
# BROWSER_PATH to this script): Debian's (or $CHROMIUM), with its background traffic off (no
# component updates, safe-browsing lists, domain reliability reports, field trials...) and no
# host name resolved but localhost's. The previews need nothing from the network: plotly.js is
# read from disk and MathJax is off. tests/e2e/test_quiet_network.py checks it under strace.
exec "${CHROMIUM:-/usr/bin/chromium}" \
  --disable-background-networking \
  --disable-component-update \
  --disable-domain-reliability \
  --disable-client-side-phishing-detection \
  --disable-default-apps \
  --disable-sync \
  --disable-field-trial-config \
  --disable-features=OptimizationHints,MediaRouter,DialMediaRouteProvider,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater \
  --no-pings \
  --no-default-browser-check \
  --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE localhost" \
  "$@"
