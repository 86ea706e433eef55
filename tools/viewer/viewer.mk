# The checks of the pictures and of the step viewer in a real browser
# (tools/viewer/: overlaps.js and viewer.test.js, run by tests/viewer.bats).
# They need Node.js, Debian's chromium and the puppeteer-core pinned in
# tools/viewer/package-lock.json (it downloads no browser).  make check
# installs the npm package when node, npm and chromium are there; without
# them tests/viewer.bats skips, saying why (.ci/run installs chromium).
VIEWER_MODULES := tools/viewer/node_modules/.package-lock.json

$(VIEWER_MODULES): tools/viewer/package.json tools/viewer/package-lock.json
	cd tools/viewer && npm ci --no-audit --no-fund --loglevel=error

viewer-deps:
	@if command -v node >/dev/null && command -v npm >/dev/null && \
	    { command -v chromium >/dev/null || test -n "$$CHROMIUM"; }; then \
	  $(MAKE) -s $(VIEWER_MODULES); fi

# `make overlaps`: every committed frame checked, each overlap named.
overlaps: viewer-deps
	node tools/viewer/overlaps.js diagrams

.PHONY: viewer-deps overlaps
