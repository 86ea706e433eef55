#!/usr/bin/env node
// overlaps.js - checks the chain diagrams for things drawn over each other,
// by geometry in a real browser: every SVG frame is laid out by headless
// Chromium (Debian's chromium, driven by puppeteer-core; nothing is
// downloaded), and for each frame
//   - no text overlaps another text (their getBBox boxes intersect by more
//     than SLACK in both directions);
//   - no edge passes through a cell it does not connect to, nor over a
//     text that is not its own label (points every STEP units along the
//     edge's path, tested against each cell's and each text's box, shrunk
//     by SLACK so that touching a border is not crossing it).
// A cell is a bordered box of a node's HTML-like table; the cells an edge
// connects are the ones holding its path's first and last points.
// Every overlap is printed, one a line (FRAME: WHAT), then the count.
//
// usage: node tools/viewer/overlaps.js [--quiet] FILE.svg|DIR ...
//   (DIR: every *.svg below it).  Exit status: 0 with no overlap, 1 with
//   some, 2 when the browser cannot be started or a file read.
'use strict';

const fs = require('fs');
const path = require('path');
const { launchBrowser } = require('./browser');

const SLACK = 1.5; // units (points) of tolerance at every border
const STEP = 2;    // units between the sampled points of an edge

function svgFiles(args) {
    const files = [];
    for (const arg of args) {
        if (fs.statSync(arg).isDirectory()) {
            for (const entry of fs.readdirSync(arg, { withFileTypes: true })
                .sort((a, b) => a.name.localeCompare(b.name))) {
                const full = path.join(arg, entry.name);
                if (entry.isDirectory()) files.push(...svgFiles([full]));
                else if (entry.name.endsWith('.svg')) files.push(full);
            }
        } else {
            files.push(arg);
        }
    }
    return files;
}

// Runs in the page: the overlaps of the SVG in document.body.
function findOverlaps(slack, step) {
    const svg = document.querySelector('svg');
    const found = [];
    const box = (b) => ({ x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height });
    const shrink = (b, d) => ({ x0: b.x0 + d, y0: b.y0 + d, x1: b.x1 - d, y1: b.y1 - d });
    const inside = (p, b) => p.x > b.x0 && p.x < b.x1 && p.y > b.y0 && p.y < b.y1;
    const clean = (s) => s.replace(/\s+/g, ' ').trim();

    // The texts: each with its group's name (node, edge or cluster title).
    const owner = (el) => {
        const g = el.closest('g.node, g.edge, g.cluster, g.graph');
        const t = g && g.querySelector(':scope > title');
        return { g, name: t ? t.textContent : '' };
    };
    const texts = [...svg.querySelectorAll('text')]
        .filter((t) => t.textContent.trim() !== '')
        .map((t) => ({ el: t, text: clean(t.textContent), box: box(t.getBBox()), ...owner(t) }));

    // The cells: the bordered polygons of nodes; each with its texts.
    const cells = [];
    for (const g of svg.querySelectorAll('g.node')) {
        const name = g.querySelector(':scope > title').textContent;
        for (const poly of g.querySelectorAll('polygon')) {
            const stroke = poly.getAttribute('stroke');
            if (!stroke || stroke === 'transparent' || stroke === 'none') continue;
            const b = box(poly.getBBox());
            if (cells.some((c) => c.g === g && c.box.x0 === b.x0 && c.box.y0 === b.y0 &&
                                  c.box.x1 === b.x1 && c.box.y1 === b.y1)) continue;
            const words = texts.filter((t) => t.g === g && inside(
                { x: (t.box.x0 + t.box.x1) / 2, y: (t.box.y0 + t.box.y1) / 2 }, b));
            cells.push({ g, node: name, box: b,
                         label: words.map((t) => t.text).join(' ') || name });
        }
    }
    // A table's outer border holds its cells: only the innermost box that
    // holds a point is the cell there.
    const innermost = cells.filter((c) => !cells.some((d) => d !== c && d.g === c.g &&
        d.box.x0 >= c.box.x0 && d.box.y0 >= c.box.y0 && d.box.x1 <= c.box.x1 &&
        d.box.y1 <= c.box.y1 && (d.box.x1 - d.box.x0) * (d.box.y1 - d.box.y0) <
            (c.box.x1 - c.box.x0) * (c.box.y1 - c.box.y0)));

    // Text over text.
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].box, b = texts[j].box;
            const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
            const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
            if (w > slack && h > slack) {
                found.push(`text "${texts[i].text}" overlaps text "${texts[j].text}"`);
            }
        }
    }

    // Edges through cells and texts.
    for (const g of svg.querySelectorAll('g.edge')) {
        const name = g.querySelector(':scope > title').textContent.replace(/&#45;/g, '-');
        const paths = [...g.querySelectorAll('path')];
        if (paths.length === 0) continue;
        const points = [];
        for (const p of paths) {
            const len = p.getTotalLength();
            for (let s = 0; s <= len; s += step) points.push(p.getPointAtLength(s));
            points.push(p.getPointAtLength(len));
        }
        // its own arrowhead's tip ends the edge too
        const ends = [points[0], points[points.length - 1]];
        for (const poly of g.querySelectorAll('polygon')) {
            const b = box(poly.getBBox());
            ends.push({ x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 });
        }
        const near = (p, b) => inside(p, { x0: b.x0 - 4, y0: b.y0 - 4, x1: b.x1 + 4, y1: b.y1 + 4 });
        const endCells = innermost.filter((c) => ends.some((p) => near(p, c.box)));
        const reported = new Set();
        for (const c of innermost) {
            if (endCells.includes(c)) continue;
            const b = shrink(c.box, slack);
            if (points.some((p) => inside(p, b)) && !reported.has(c)) {
                reported.add(c);
                found.push(`edge ${name} passes through cell "${c.label}" of ${c.node}`);
            }
        }
        for (const t of texts) {
            if (t.g === g) continue; // its own label
            if (endCells.some((c) => c.g === t.g && inside(
                { x: (t.box.x0 + t.box.x1) / 2, y: (t.box.y0 + t.box.y1) / 2 }, c.box))) continue;
            const b = shrink(t.box, slack);
            if (points.some((p) => inside(p, b))) {
                found.push(`edge ${name} crosses text "${t.text}"`);
            }
        }
    }
    return found;
}

async function main() {
    let args = process.argv.slice(2);
    const quiet = args[0] === '--quiet';
    if (quiet) args = args.slice(1);
    if (args.length === 0) {
        console.error('usage: node tools/viewer/overlaps.js [--quiet] FILE.svg|DIR ...');
        process.exit(2);
    }
    let files;
    try {
        files = svgFiles(args);
    } catch (e) {
        console.error(`overlaps: ${e.message}`);
        process.exit(2);
    }
    const browser = await launchBrowser();
    let total = 0, framesWith = 0;
    try {
        const page = await browser.newPage();
        for (const file of files) {
            const svg = fs.readFileSync(file, 'utf8').replace(/^[\s\S]*?(<svg)/, '$1');
            await page.setContent(`<!DOCTYPE html><html><body>${svg}</body></html>`);
            const found = await page.evaluate(findOverlaps, SLACK, STEP);
            const frame = path.relative(process.cwd(), file);
            if (!quiet) for (const f of found) console.log(`${frame}: ${f}`);
            total += found.length;
            framesWith += found.length > 0;
        }
    } finally {
        await browser.close();
    }
    console.log(`${total} overlaps in ${framesWith} of ${files.length} frames`);
    process.exit(total === 0 ? 0 : 1);
}

main().catch((e) => {
    console.error(`overlaps: ${e.message}`);
    process.exit(2);
});
