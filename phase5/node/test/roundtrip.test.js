// Reading and writing through virtual addresses: every byte of a PROCESS
// segment translates, in any node, with Buffers, Uint8Arrays and strings.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const mems = require('..');

test.beforeEach(() => mems.init());
test.afterEach(() => mems.finish());

test('a string written at a virtual address reads back as its UTF-8 bytes', () => {
  const v = mems.malloc(64);
  assert.equal(mems.write(v, 'héllo, MeMS'), 12);
  assert.equal(mems.read(v, 12).toString('utf8'), 'héllo, MeMS');
});

test('a Buffer and a Uint8Array write their bytes; read returns a copy', () => {
  const v = mems.malloc(16);
  assert.equal(mems.write(v, Buffer.from([1, 2, 3, 4])), 4);
  assert.equal(mems.write(v + 4n, new Uint8Array([5, 6, 7, 8])), 4);
  const got = mems.read(v, 8);
  assert.ok(Buffer.isBuffer(got));
  assert.deepEqual([...got], [1, 2, 3, 4, 5, 6, 7, 8]);
  got[0] = 99; // the copy, not MeMS's memory
  assert.equal(mems.read(v, 1)[0], 1);
});

test('any byte of a segment translates: get(v + k) is get(v) + k', () => {
  const v = mems.malloc(9000);
  const real = mems.get(v);
  assert.equal(typeof real, 'bigint');
  for (const k of [0n, 4n, 4095n, 4096n, 8999n])
    assert.equal(mems.get(v + k), real + k);
});

test('a segment over several pages reads and writes across page ends', () => {
  const v = mems.malloc(3 * mems.PAGE_SIZE);
  const data = Buffer.alloc(3 * mems.PAGE_SIZE);
  for (let i = 0; i < data.length; i++)
    data[i] = (i * 7 + 3) & 0xff;
  mems.write(v, data);
  assert.deepEqual(mems.read(v, data.length), data);
  const at = BigInt(mems.PAGE_SIZE - 3);
  mems.write(v + at, 'across');
  assert.equal(mems.read(v + at, 6).toString(), 'across');
});

test('the last byte of a segment can be written and read; length 0 is allowed', () => {
  const v = mems.malloc(100);
  mems.malloc(100); // a neighbour, so the segment ends before a PROCESS
  assert.equal(mems.write(v + 99n, 'z'), 1);
  assert.equal(mems.read(v + 99n, 1).toString(), 'z');
  assert.equal(mems.write(v + 50n, ''), 0);
  assert.equal(mems.read(v + 50n, 0).length, 0);
});

test('segments keep their own bytes: writing one leaves its neighbours alone', () => {
  const a = mems.malloc(10);
  const b = mems.malloc(10);
  const c = mems.malloc(10);
  mems.write(a, 'aaaaaaaaaa');
  mems.write(c, 'cccccccccc');
  mems.write(b, 'bbbbbbbbbb');
  assert.equal(mems.read(a, 10).toString(), 'aaaaaaaaaa');
  assert.equal(mems.read(b, 10).toString(), 'bbbbbbbbbb');
  assert.equal(mems.read(c, 10).toString(), 'cccccccccc');
});

test('any TypedArray or DataView writes its bytes, in the machine\'s byte order', () => {
  const v = mems.malloc(16);
  const words = new Uint16Array([0x0102, 0x0304]);
  assert.equal(mems.write(v, words), 4);
  assert.deepEqual(mems.read(v, 4), Buffer.from(words.buffer));
  const view = new DataView(new ArrayBuffer(8), 2, 4);
  view.setUint32(0, 0xdeadbeef);
  assert.equal(mems.write(v + 4n, view), 4);
  assert.deepEqual([...mems.read(v + 4n, 4)], [0xde, 0xad, 0xbe, 0xef]);
  const part = Buffer.from('0123456789').subarray(3, 6);
  assert.equal(mems.write(v + 8n, part), 3);
  assert.equal(mems.read(v + 8n, 3).toString(), '345');
});

test('sizes may be BigInts, lengths too', () => {
  const v = mems.malloc(32n);
  mems.write(v, 'bigint sizes');
  assert.equal(mems.read(v, 12n).toString(), 'bigint sizes');
  assert.equal(mems.stats().mainChain[0].segments[0].size, 32);
});

test('a freed segment is reused by first fit and its bytes can be written again', () => {
  const a = mems.malloc(100);
  mems.malloc(100);
  mems.write(a, 'old');
  mems.free(a);
  const again = mems.malloc(50);
  assert.equal(again, a);
  mems.write(again, 'new');
  assert.equal(mems.read(again, 3).toString(), 'new');
});
