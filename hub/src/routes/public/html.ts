/** Server-rendered public pages: one escaping function, one mobile-first page frame. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export interface Raw {
  readonly __html: string;
}
export const raw = (html: string): Raw => ({ __html: html });

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (isRaw(x) ? x.__html : escapeHtml(x))).join('')
      : isRaw(v)
        ? v.__html
        : escapeHtml(v);
    out += part + strings[i + 1];
  });
  return raw(out);
}

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && '__html' in v;

export type Lang = 'zh' | 'en';

export interface PageOptions {
  /** Seconds after which the browser loads the page again (a page that follows a queue). */
  refreshSeconds?: number;
}

export function page(lang: Lang, title: string, body: Raw, options: PageOptions = {}): string {
  const refresh =
    options.refreshSeconds !== undefined
      ? `<meta http-equiv="refresh" content="${Math.max(1, Math.round(options.refreshSeconds))}">\n`
      : '';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${refresh}<title>${escapeHtml(title)}</title>
<style>
  :root { color-scheme: light; font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; line-height: 1.6; }
  body { margin: 0; background: #f5f6f8; color: #1b1f24; }
  main { max-width: 42rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.4rem; line-height: 1.3; margin: .5rem 0 1rem; }
  h2 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
  section, .card { background: #fff; border-radius: .6rem; padding: .8rem 1rem; margin: .6rem 0; box-shadow: 0 1px 2px #0001; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
  dt { color: #555; } dd { margin: 0; }
  .big { font-size: 2.4rem; font-weight: 700; letter-spacing: .05em; }
  .tag { display: inline-block; background: #e8eef9; border-radius: 1rem; padding: 0 .6rem; margin: 0 .3rem .3rem 0; font-size: .85rem; }
  nav a, a { color: #0b57d0; }
  nav { display: flex; justify-content: flex-end; gap: 1rem; }
  .muted { color: #666; font-size: .9rem; }
  .pre { white-space: pre-wrap; }
  ol.stages { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; padding: 0; margin: .6rem 0; }
  ol.stages li { padding: .1rem .7rem; border-radius: 1rem; background: #eceff3; color: #555; }
  ol.stages li.done { background: #dff3e4; color: #1b5e20; }
  ol.stages li[aria-current] { font-weight: 700; outline: 2px solid #1b5e20; }
  input, textarea, button { font: inherit; }
  button { padding: .5rem 1.2rem; border-radius: .4rem; border: 0; background: #0b57d0; color: #fff; }
  fieldset { border: 0; padding: 0; margin: 0 0 .6rem; }
</style>
</head>
<body><main>${body.__html}</main></body>
</html>`;
}
