// index.js - MeMS from JavaScript: loads the addon that build.js compiled
// (build/mems.node) and exports its functions.  Only printStats is
// written here: the addon returns the stats text, and it goes out through
// process.stdout, so it stays in order with console.log (C's stdout has a
// buffer of its own).  Types and documentation: index.d.ts; the lesson:
// phase5/README.md, "Using MeMS from Node.js".
'use strict';

const path = require('node:path');

// HEAPCOURSE_MEMS_ADDON: another build of the addon (the course's tests
// build one per compiler, under build/<config>/).
const addonPath = process.env.HEAPCOURSE_MEMS_ADDON ||
  path.join(__dirname, 'build', 'mems.node');

let addon;
try {
  addon = require(addonPath);
} catch (cause) {
  const err = new Error(`cannot load the MeMS addon ${addonPath}: ` +
    `${cause.message} (build it with "make node" in the course, or ` +
    '"npm run build" here)', { cause });
  err.code = 'ERR_MEMS_NOT_BUILT';
  throw err;
}

function printStats() {
  const text = addon.statsText();
  process.stdout.write(text);
  return text;
}

module.exports = Object.freeze({
  init: addon.init,
  finish: addon.finish,
  malloc: addon.malloc,
  free: addon.free,
  get: addon.get,
  write: addon.write,
  read: addon.read,
  printStats,
  statsText: addon.statsText,
  stats: addon.stats,
  PAGE_SIZE: addon.PAGE_SIZE,
  VIRTUAL_BASE: addon.VIRTUAL_BASE,
});
