// The MeMS example scenario (tests/c/mems_example.c): ten arrays of 250
// ints, the fourth freed and allocated again, with the stats text of
// tests/golden/phase5/example-4096.out byte for byte, and stats() telling
// the same facts.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const mems = require('..');

const only4096 = mems.PAGE_SIZE !== 4096 &&
  `the expected text is for PAGE_SIZE=4096 (this build: ${mems.PAGE_SIZE})`;

const STATS_TEN = `----- MeMS SYSTEM STATS -----
MAIN[1000:5095]-> P[1000:1999] <-> P[2000:2999] <-> P[3000:3999] <-> P[4000:4999] <-> H[5000:5095] <-> NULL
MAIN[5096:9191]-> P[5096:6095] <-> P[6096:7095] <-> P[7096:8095] <-> P[8096:9095] <-> H[9096:9191] <-> NULL
MAIN[9192:13287]-> P[9192:10191] <-> P[10192:11191] <-> H[11192:13287] <-> NULL
Pages used:\t3
Space unused:\t2288
Main Chain Length:\t3
Sub-chain Length array: [5, 5, 3, ]
-----------------------------
`;

const STATS_FREED = `----- MeMS SYSTEM STATS -----
MAIN[1000:5095]-> P[1000:1999] <-> P[2000:2999] <-> P[3000:3999] <-> H[4000:5095] <-> NULL
MAIN[5096:9191]-> P[5096:6095] <-> P[6096:7095] <-> P[7096:8095] <-> P[8096:9095] <-> H[9096:9191] <-> NULL
MAIN[9192:13287]-> P[9192:10191] <-> P[10192:11191] <-> H[11192:13287] <-> NULL
Pages used:\t3
Space unused:\t3288
Main Chain Length:\t3
Sub-chain Length array: [4, 5, 3, ]
-----------------------------
`;

// printStats() with process.stdout.write caught: [returned, printed].
function capturedStats() {
  const write = process.stdout.write;
  let printed = '';
  process.stdout.write = (chunk) => { printed += chunk; return true; };
  try {
    return [mems.printStats(), printed];
  } finally {
    process.stdout.write = write;
  }
}

test('the MeMS example scenario prints the exact stats text', { skip: only4096 }, () => {
  mems.init();
  try {
    const arrays = [];
    for (let i = 0; i < 10; i++)
      arrays.push(mems.malloc(4 * 250));
    assert.deepEqual(arrays, [1000n, 2000n, 3000n, 4000n, 5096n, 6096n,
                              7096n, 8096n, 9192n, 10192n]);

    // arr[0][1] = 200 through the translation of &arr[0][1], read back
    // through the translation of &arr[0][0]
    const second = Buffer.alloc(4);
    second.writeInt32LE(200);
    mems.write(arrays[0] + 4n, second);
    assert.equal(mems.get(arrays[0] + 4n), mems.get(arrays[0]) + 4n);
    assert.equal(mems.read(arrays[0], 8).readInt32LE(4), 200);

    const [text, printed] = capturedStats();
    assert.equal(text, STATS_TEN);
    assert.equal(printed, STATS_TEN);

    mems.free(arrays[3]);
    assert.equal(mems.statsText(), STATS_FREED);
    arrays[3] = mems.malloc(4 * 250);
    assert.equal(arrays[3], 4000n);
    assert.equal(mems.statsText(), STATS_TEN);
  } finally {
    mems.finish();
  }
});

test('stats() tells the facts of the stats text as an object', { skip: only4096 }, () => {
  mems.init();
  try {
    assert.deepEqual(mems.stats(), {
      mainChain: [], pagesUsed: 0, spaceUnused: 0, mainChainLength: 0,
      subChainLengths: [],
    });
    const a = mems.malloc(1000);
    mems.malloc(1000);
    const c = mems.malloc(5000);
    mems.free(a);
    assert.deepEqual(mems.stats(), {
      mainChain: [
        {
          start: 1000n, end: 5095n, pages: 1, bytes: 4096,
          segments: [
            { type: 'HOLE', start: 1000n, end: 1999n, size: 1000 },
            { type: 'PROCESS', start: 2000n, end: 2999n, size: 1000 },
            { type: 'HOLE', start: 3000n, end: 5095n, size: 2096 },
          ],
        },
        {
          start: 5096n, end: 13287n, pages: 2, bytes: 8192,
          segments: [
            { type: 'PROCESS', start: c, end: c + 4999n, size: 5000 },
            { type: 'HOLE', start: 10096n, end: 13287n, size: 3192 },
          ],
        },
      ],
      pagesUsed: 3,
      spaceUnused: 1000 + 2096 + 3192,
      mainChainLength: 2,
      subChainLengths: [3, 2],
    });
    assert.match(mems.statsText(),
      /\nPages used:\t3\nSpace unused:\t6288\nMain Chain Length:\t2\nSub-chain Length array: \[3, 2, \]\n/);
  } finally {
    mems.finish();
  }
});

test('stats() and the text agree at every page size', () => {
  mems.init();
  try {
    for (let i = 1; i <= 12; i++)
      mems.malloc(i * 700);
    const s = mems.stats();
    const text = mems.statsText();
    assert.equal(s.mainChainLength, s.mainChain.length);
    assert.ok(text.includes(`Pages used:\t${s.pagesUsed}\n`));
    assert.ok(text.includes(`Space unused:\t${s.spaceUnused}\n`));
    assert.ok(text.includes(`Sub-chain Length array: [${s.subChainLengths.map((n) => `${n}, `).join('')}]\n`));
    for (const node of s.mainChain) {
      const segs = node.segments.map((g) => ` ${g.type[0]}[${g.start}:${g.end}] <->`).join('');
      assert.ok(text.includes(`MAIN[${node.start}:${node.end}]->${segs} NULL\n`));
      assert.equal(node.bytes, node.pages * mems.PAGE_SIZE);
    }
  } finally {
    mems.finish();
  }
});

test('init after finish starts afresh at the virtual base', () => {
  mems.init();
  mems.malloc(10);
  mems.finish();
  mems.init();
  try {
    assert.equal(mems.malloc(10), BigInt(mems.VIRTUAL_BASE));
    assert.equal(mems.stats().mainChainLength, 1);
  } finally {
    mems.finish();
  }
});
