# Phase 5 from Node.js: the MeMS addon in phase5/node/ (a Node-API module,
# built by phase5/node/build.js with $(CC); see phase5/README.md, "Using
# MeMS from Node.js").  Included by phase5/phase.mk.
#   make node          install its npm dependency (node-api-headers) and
#                      build phase5/node/build/mems.node (plain flags: an
#                      ASan-built addon cannot load into node, so SAN and
#                      CFLAGS do not apply)
#   make node-sources  the files it is built from, one a line: the C files
#                      of phase 5's library and the headers they include

NODE ?= node
NPM  ?= npm

node_SRCS := common/diag.c $(phase5_LIB)

node:
	@command -v $(NODE) >/dev/null 2>&1 && command -v $(NPM) >/dev/null 2>&1 || \
	  { echo "make node: needs Node.js and npm (not found: install Node.js 18 or later)"; \
	    exit 1; }
	cd phase5/node && CC='$(CC)' $(NPM) install --no-audit --no-fund

node-sources:
	@printf '%s\n' $(node_SRCS) $$($(CC) -MM $(addprefix -I,common $(PHASES)) \
	  $(node_SRCS) | tr ' \\' '\n\n' | grep '\.h$$' | sort -u)

.PHONY: node node-sources
