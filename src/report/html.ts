/** Text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A table of the report: a caption, column headers, and rows of already formatted text. */
export interface HtmlTable {
  caption?: string;
  headers: string[];
  rows: string[][];
  /** Columns (by index) aligned right: numbers. */
  numeric?: number[];
}

/** One section: a heading, an optional note, tables, and rendered charts. */
export interface Section {
  heading: string;
  note?: string;
  tables: HtmlTable[];
  figures: { title: string; svg: string }[];
}

export interface Page {
  title: string;
  /** Lines under the title: what was reported and from where. */
  lead: string[];
  sections: Section[];
}

// Everything inline: the page loads nothing, so it opens offline and from an archive.
const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1160px; padding: 0 16px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.lead { margin: 2px 0; color: #555; }
p.note { color: #555; margin: 4px 0 12px; }
.tables { display: flex; flex-wrap: wrap; gap: 0 32px; align-items: flex-start; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 16px; }
figure { margin: 0; padding: 8px; border: 1px solid #eee; border-radius: 4px; background: white; }
figure svg { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #f6f6f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.85em; color: #666; }
`;

function tableHtml(t: HtmlTable): string {
  const numeric = new Set(t.numeric ?? []);
  const head = `<tr>${t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>${t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : ''}\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** The SVGs come from vega's renderer, which escapes the text it draws; everything else is escaped here. */
export function pageHtml(page: Page): string {
  let n = 0;
  const sections = page.sections.map((s) => {
    const figures = s.figures
      .map((f) => `<figure id="chart-${++n}" aria-label="${escapeHtml(f.title)}">\n${f.svg}\n</figure>`)
      .join('\n');
    return [
      `<section>\n<h2>${escapeHtml(s.heading)}</h2>`,
      s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : '',
      s.tables.length > 0 ? `<div class="tables">\n${s.tables.map(tableHtml).join('\n')}\n</div>` : '',
      figures ? `<div class="grid">\n${figures}\n</div>` : '',
      '</section>',
    ].filter((x) => x !== '').join('\n');
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.lead.map((l) => `<p class="lead">${escapeHtml(l)}</p>`),
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
