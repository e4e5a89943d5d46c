import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { moduleGraph, WEB } from './support/module-graph.js';

for (const [page, entry] of [['join.html', 'js/ui/customer-page.js'], ['agent.html', 'js/ui/agent-page.js']]) {
  describe(page, () => {
    const html = readFileSync(join(WEB, page), 'utf8');

    it('preloads every module its entry imports, so a slow network costs one round trip, not one per level', () => {
      const preloaded = [...html.matchAll(/<link rel="modulepreload" href="\/([^"]+)">/g)].map((m) => m[1]).sort();
      const graph = [...moduleGraph(entry)].filter((path) => path !== entry).sort();
      assert.deepEqual(preloaded, graph);
    });

    it('loads nothing from another origin and runs no inline script', () => {
      assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/);
      assert.doesNotMatch(html, /\son[a-z]+="/, 'no inline event handlers');
    });

    it('has the stable test ids of the key elements', () => {
      const ids = page === 'join.html'
        ? ['join', 'preview-video', 'camera-select', 'mic-select', 'media-notice', 'consent', 'net-notice']
        : ['invite-link', 'copy-invite', 'end-outcome', 'end-note', 'end-call', 'case-id', 'order-value'];
      for (const id of ids) assert.match(html, new RegExp(`data-testid="${id}"`), id);
    });
  });
}

describe('every module', () => {
  it('parses (the pages cannot run in Node, so a syntax error would otherwise only show in a browser)', () => {
    const files = readdirSync(join(WEB, 'js'), { recursive: true }).filter((name) => name.endsWith('.js'));
    assert.ok(files.length > 20);
    for (const file of files) execFileSync(process.execPath, ['--check', join(WEB, 'js', file)]);
  });
});
