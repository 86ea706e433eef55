// Types of heapcourse-mems: MeMS, the Memory Management System of
// heapcourse phase 5, from Node.js.  Virtual addresses (what malloc
// returns) and real addresses (what get returns) are BigInts; sizes are
// Numbers (non-negative safe integers) or BigInts.
//
// Every function throws an Error with a `code` when MeMS refuses the call
// (see MemsErrorCode), and changes nothing then.  MeMS is one per process.

/// <reference types="node" />

/** A MeMS virtual address: from 1000 (VIRTUAL_BASE) up. */
export type VirtualAddress = bigint;

/** A size or length: a Number that is a non-negative integer up to
 *  Number.MAX_SAFE_INTEGER, or a BigInt from 0n to 2n ** 64n - 1n. */
export type Size = number | bigint;

/** The codes of the errors thrown. */
export type MemsErrorCode =
  /** a call before init() or after finish() */
  | 'ERR_MEMS_NOT_INITIALIZED'
  /** init() while MeMS runs */
  | 'ERR_MEMS_ALREADY_INITIALIZED'
  /** malloc(0) (RangeError) */
  | 'ERR_MEMS_ZERO_SIZE'
  /** the size's pages do not fit the address space (RangeError) */
  | 'ERR_MEMS_TOO_LARGE'
  /** the kernel refused to map the pages */
  | 'ERR_MEMS_NO_MEMORY'
  /** below 1000, past the last node, negative or over 64 bits (RangeError) */
  | 'ERR_MEMS_INVALID_ADDRESS'
  /** inside a HOLE: never allocated, or freed (RangeError) */
  | 'ERR_MEMS_HOLE'
  /** free() of an address inside a segment, not its start (RangeError) */
  | 'ERR_MEMS_NOT_SEGMENT_START'
  /** this build's PAGE_SIZE cannot be used on this machine */
  | 'ERR_MEMS_PAGE_SIZE'
  /** a size or length negative, fractional, not finite or too large (RangeError) */
  | 'ERR_MEMS_INVALID_SIZE'
  /** a read or write that runs past the end of its PROCESS segment (RangeError) */
  | 'ERR_MEMS_OUT_OF_SEGMENT'
  /** an argument of the wrong type, e.g. a Number for an address (TypeError) */
  | 'ERR_INVALID_ARG_TYPE'
  /** the addon was loaded by a second Node.js thread */
  | 'ERR_MEMS_IN_USE'
  /** index.js could not load build/mems.node */
  | 'ERR_MEMS_NOT_BUILT';

/** What the functions throw: an Error, TypeError or RangeError with a code. */
export interface MemsError extends Error {
  code: MemsErrorCode;
}

/** A stretch of a node's virtual range, as P[start:end] or H[start:end]. */
export interface Segment {
  /** PROCESS: handed out by malloc; HOLE: free */
  type: 'PROCESS' | 'HOLE';
  /** its first virtual address */
  start: VirtualAddress;
  /** its last virtual address (inclusive, as in the stats text) */
  end: VirtualAddress;
  /** end - start + 1 bytes */
  size: number;
}

/** A main-chain node: one mapping of whole pages, MAIN[start:end]. */
export interface MainNode {
  start: VirtualAddress;
  /** inclusive */
  end: VirtualAddress;
  /** pages mapped for it */
  pages: number;
  /** pages * PAGE_SIZE */
  bytes: number;
  /** its sub-chain, in address order */
  segments: Segment[];
}

/** The facts of the stats text. */
export interface Stats {
  mainChain: MainNode[];
  /** "Pages used" */
  pagesUsed: number;
  /** "Space unused": bytes in HOLEs */
  spaceUnused: number;
  /** "Main Chain Length" */
  mainChainLength: number;
  /** "Sub-chain Length array" */
  subChainLengths: number[];
}

/** Start MeMS: an empty main chain; the next virtual address is 1000. */
export function init(): void;

/** Unmap everything MeMS mapped; MeMS is stopped until the next init(). */
export function finish(): void;

/** `size` bytes (exactly) from the first HOLE large enough, or from a new
 *  node of ceil(size / PAGE_SIZE) pages.  Returns the segment's virtual
 *  address, not a real one: read and write through it. */
export function malloc(size: Size): VirtualAddress;

/** Make the PROCESS segment that starts at `vaddr` a HOLE, merged with
 *  its HOLE neighbours. */
export function free(vaddr: VirtualAddress): void;

/** The real address of any byte of a PROCESS segment (mems_get):
 *  get(v + 4n) === get(v) + 4n.  Only a number to JavaScript. */
export function get(vaddr: VirtualAddress): bigint;

/** Copy `data` (a string as UTF-8; a Buffer, TypedArray or DataView as
 *  its bytes) to `vaddr`, through MeMS's translation.  All of it must fit
 *  in the PROCESS segment that holds `vaddr`.  Returns the bytes written. */
export function write(vaddr: VirtualAddress,
                      data: string | NodeJS.ArrayBufferView): number;

/** A copy of `length` bytes at `vaddr`, all inside its PROCESS segment. */
export function read(vaddr: VirtualAddress, length: Size): Buffer;

/** Print the MeMS stats text (mems_print_stats, byte for byte) on
 *  process.stdout, and return it. */
export function printStats(): string;

/** The stats text, without printing it. */
export function statsText(): string;

/** The facts of the stats text as an object. */
export function stats(): Stats;

/** MeMS's page size in bytes (4096 unless built with MEMS_PAGE_SIZE). */
export const PAGE_SIZE: number;

/** The first virtual address MeMS hands out: 1000. */
export const VIRTUAL_BASE: number;
