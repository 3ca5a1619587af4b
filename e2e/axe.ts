import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  html?: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now, e.g. with a dialog open,
 * and fails with a readable list of every violation and the nodes it concerns.
 */
export async function expectNoAxeViolations(page: Page, label?: string) {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Not addScriptTag: that adds an inline <script>, which the app's Content-Security-Policy rightly blocks.
  // Code evaluated through the browser's DevTools protocol is not subject to the page's CSP.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations;
  });
  const list = violations as AxeViolation[];
  if (list.length) {
    const report = list
      .map(
        (v) =>
          `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n` +
          v.nodes
            .slice(0, 10)
            .map((n) => `    at ${JSON.stringify(n.target)} ${n.html ?? ''}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
            .join('\n'),
      )
      .join('\n');
    console.log(`axe violations on ${label ?? page.url()}:\n${report}`);
  }
  expect(
    list.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`),
    `axe violations on ${label ?? page.url()}`,
  ).toEqual([]);
}
