#!/usr/bin/env node
// build.js - compiles the MeMS addon (build/mems.node) from the binding,
// mems_node.c, and phase 5's C sources, with the machine's C compiler and
// no node-gyp: one `cc -shared -fPIC` line, with the Node-API headers of
// the npm package node-api-headers (or, without it, the ones installed
// with Node.js).  Nothing is downloaded while building.
//
// Where the sources come from (never a committed copy):
//   in the course's repository  `make node-sources` names them: phase 5's
//                               library as phase5/phase.mk defines it, and
//                               the headers they include (phase5/node/node.mk)
//   in a packed package         src/, gathered from the phases by
//                               `node build.js --gather` (npm pack's prepack)
//                               with the list in src/sources.txt
//
// usage: node build.js [--out FILE]   compile (default build/mems.node)
//        node build.js --gather       copy the sources into src/ (prepack)
//        node build.js --clean        remove src/ (postpack)
// Environment: CC (default cc), MEMS_PAGE_SIZE (MeMS's PAGE_SIZE, 4096).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const here = __dirname;
const repo = path.resolve(here, '..', '..');
const gathered = path.join(here, 'src');
const manifest = path.join(gathered, 'sources.txt');

function fail(message) {
  console.error(`mems addon: ${message}`);
  process.exit(1);
}

function inRepository() {
  return fs.existsSync(path.join(repo, 'Makefile')) &&
         fs.existsSync(path.join(repo, 'phase5', 'phase.mk'));
}

// The phases' files the addon is built from, relative to `root`: .c files
// are compiled, .h files only found (their folders are the -I list).
function sources() {
  if (inRepository()) {
    let out;
    try {
      // A make that runs this (make -j check) hands down its jobserver
      // in MAKEFLAGS; this make is a separate one and must not see it.
      const env = { ...process.env };
      delete env.MAKEFLAGS;
      delete env.MFLAGS;
      delete env.MAKELEVEL;
      out = execFileSync('make', ['-s', '--no-print-directory', '-C', repo,
                                  'node-sources'],
                         { encoding: 'utf8', env,
                           stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (err) {
      fail(`"make node-sources" failed in ${repo}: ${err.message}`);
    }
    return { root: repo, files: out.split(/\s+/).filter(Boolean), werror: true };
  }
  if (fs.existsSync(manifest)) {
    const files = fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
    // A compiler newer than the course's may warn about new things: an
    // installed package must still build, so -Werror only in the course.
    return { root: gathered, files, werror: false };
  }
  fail(`no sources: neither the course's repository (${repo}) nor ${manifest}`);
}

// The folder with node_api.h: node-api-headers, else Node.js's own.
function napiHeaders() {
  try {
    const dir = require('node-api-headers').include_dir;
    if (fs.existsSync(path.join(dir, 'node_api.h')))
      return { dir, from: 'node-api-headers' };
  } catch (err) {
    // not installed: try Node.js's own headers below
  }
  const candidates = [
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
    '/usr/include/nodejs',
  ];
  for (const dir of candidates)
    if (fs.existsSync(path.join(dir, 'node_api.h')))
      return { dir, from: dir };
  fail('no Node-API headers: run "npm install" here (it installs ' +
       'node-api-headers), or install Node.js\'s headers');
}

function compile(out) {
  const { root, files, werror } = sources();
  const napi = napiHeaders();
  const cfiles = files.filter((f) => f.endsWith('.c'));
  const includes = [...new Set(files.map((f) => path.dirname(f)))];
  const pageSize = process.env.MEMS_PAGE_SIZE;
  const cc = (process.env.CC || 'cc').split(/\s+/).filter(Boolean);
  const args = [
    ...cc.slice(1),
    '-std=c11', '-D_GNU_SOURCE', '-O2', '-g', '-Wall', '-Wextra',
    ...(werror ? ['-Werror'] : []),
    '-fPIC', '-shared', '-pthread',
    // Only the module's entry point is exported, so no function of MeMS
    // binds to a symbol of the same name in node itself, or the reverse.
    '-fvisibility=hidden',
    ...(pageSize && pageSize !== '4096' ? [`-DPAGE_SIZE=${pageSize}`] : []),
    '-isystem', napi.dir,
    ...includes.map((d) => `-I${path.join(root, d)}`),
    '-o', `${out}.tmp`,
    path.join(here, 'mems_node.c'),
    ...cfiles.map((f) => path.join(root, f)),
  ];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  try {
    execFileSync(cc[0], args, { stdio: 'inherit' });
  } catch (err) {
    fail(`${cc[0]} failed (${err.message.split('\n')[0]})`);
  }
  // Renamed into place, so a node that loads it never sees half a file.
  fs.renameSync(`${out}.tmp`, out);
  console.log(`mems addon: ${out} ` +
              `built with ${cc.join(' ')} from mems_node.c and ` +
              `${cfiles.length} C files of ${root === repo ? 'the phases' : 'src/'}` +
              ` (Node-API headers: ${napi.from})`);
}

// npm pack: the phases' files into src/, under the same paths.
function gather() {
  if (!inRepository())
    fail('--gather copies the sources from the course\'s repository, ' +
         `which is not at ${repo}`);
  const { files } = sources();
  fs.rmSync(gathered, { recursive: true, force: true });
  for (const f of files) {
    fs.mkdirSync(path.join(gathered, path.dirname(f)), { recursive: true });
    fs.copyFileSync(path.join(repo, f), path.join(gathered, f));
  }
  fs.writeFileSync(manifest, files.join('\n') + '\n');
  console.log(`mems addon: gathered ${files.length} files of the phases into src/`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--gather') {
  gather();
} else if (argv[0] === '--clean') {
  fs.rmSync(gathered, { recursive: true, force: true });
} else if (argv.length === 0 || (argv[0] === '--out' && argv.length === 2)) {
  compile(path.resolve(argv[1] || path.join(here, 'build', 'mems.node')));
} else {
  fail('usage: node build.js [--out FILE] | --gather | --clean');
}
