// Random mallocs, frees, writes and reads against a JavaScript shadow
// model: every live segment's bytes, kept in the model, must read back
// unchanged after any number of other operations, and stats() must list
// exactly the model's segments as PROCESS.  Seeded, so a failure repeats
// (MEMS_SEED=N npm test picks another seed).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const mems = require('..');

// mulberry32: a small PRNG with a 32-bit state.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.MEMS_SEED || 20240917);
const OPS = 2000;

test(`${OPS} random operations agree with a shadow model (seed ${SEED})`, () => {
  const random = prng(SEED);
  const below = (n) => Math.floor(random() * n);
  const live = new Map(); // virtual address -> Buffer (the segment's bytes)
  const counts = { malloc: 0, free: 0, write: 0, read: 0 };

  const verify = (v, bytes) =>
    assert.deepEqual(mems.read(v, bytes.length), bytes, `segment ${v}`);
  const pick = () => [...live.keys()][below(live.size)];

  mems.init();
  try {
    for (let op = 0; op < OPS; op++) {
      const r = random();
      if (live.size === 0 || r < 0.35) {
        // sizes from 1 byte to a few pages, mostly small
        const size = random() < 0.8 ? 1 + below(600) : 1 + below(3 * mems.PAGE_SIZE);
        const v = mems.malloc(size);
        assert.equal(typeof v, 'bigint');
        assert.ok(!live.has(v), `malloc gave live address ${v} again`);
        const bytes = Buffer.alloc(size);
        for (let i = 0; i < size; i++)
          bytes[i] = below(256);
        assert.equal(mems.write(v, bytes), size);
        live.set(v, bytes);
        counts.malloc++;
      } else if (r < 0.6) {
        const v = pick();
        verify(v, live.get(v));
        mems.free(v);
        live.delete(v);
        counts.free++;
      } else if (r < 0.8) {
        const v = pick();
        const bytes = live.get(v);
        const at = below(bytes.length);
        const patch = Buffer.alloc(1 + below(bytes.length - at));
        for (let i = 0; i < patch.length; i++)
          patch[i] = below(256);
        mems.write(v + BigInt(at), patch);
        patch.copy(bytes, at);
        counts.write++;
      } else {
        const v = pick();
        const bytes = live.get(v);
        const at = below(bytes.length);
        const length = below(bytes.length - at + 1);
        assert.deepEqual(mems.read(v + BigInt(at), length),
                         bytes.subarray(at, at + length));
        counts.read++;
      }
      if (op % 250 === 249) {
        // the PROCESS segments are exactly the live ones
        const process = new Map();
        for (const node of mems.stats().mainChain)
          for (const seg of node.segments)
            if (seg.type === 'PROCESS')
              process.set(seg.start, seg.size);
        assert.equal(process.size, live.size);
        for (const [v, bytes] of live)
          assert.equal(process.get(v), bytes.length, `segment ${v}`);
      }
    }
    for (const [v, bytes] of live)
      verify(v, bytes);
    const s = mems.stats();
    const used = s.mainChain.reduce((sum, n) => sum + n.bytes, 0);
    const held = [...live.values()].reduce((sum, b) => sum + b.length, 0);
    assert.equal(s.spaceUnused, used - held);
    for (const k of Object.keys(counts))
      assert.ok(counts[k] > 100, `only ${counts[k]} ${k} operations`);
  } finally {
    mems.finish();
  }
});
