// The course demo is written in markdown (lesson.<lang>.md), with option fences for its exercises,
// and becomes a page through markdown-it and py-elements' own markdown-it plugin: the way a course
// site (VitePress, Eleventy, Docusaurus) would build it. build/demo-markdown.mjs serves it in
// `npm start`; the end-to-end tests render it the same way with the built plugin.
import { readFile } from 'node:fs/promises';

/** The course pages: URL → the lesson's language, and the other language's page. */
export const COURSE_PAGES = {
  '/demo/course.html': { lang: 'en', other: { href: '/demo/course.ko.html', lang: 'ko', label: '한국어' } },
  '/demo/course.ko.html': { lang: 'ko', other: { href: '/demo/course.html', lang: 'en', label: 'English' } },
};

const BACK = { en: '← all demos', ko: '← 모든 데모' };

/**
 * The page at `path` as HTML, from its markdown, with `markdownIt` (a MarkdownIt with HTML allowed:
 * the lesson is its author's own) and `pyElements` (the plugin). The lesson's fences may set `scope`:
 * it is the author's markdown, never a visitor's.
 */
export async function coursePage(path, { markdownIt, pyElements, script = '/py-elements.js' }) {
  const page = COURSE_PAGES[path];
  const source = await readFile(new URL(`lesson.${page.lang}.md`, import.meta.url), 'utf8');
  const body = markdownIt({ html: true })
    .use(pyElements, { allow: ['scope'] })
    .render(source);
  const title = (/^# (.+)$/m.exec(source)?.[1] ?? 'Course').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const other = page.other;
  return `<!doctype html>
<html lang="${page.lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · py-elements</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/demo/demo.css" />
    <link rel="alternate" hreflang="${other.lang}" href="${other.href}" />
    <script type="module" src="${script}"></script>
  </head>
  <body>
    <nav class="course-nav"><a href="/demo/">${BACK[page.lang]}</a> <a href="${other.href}" lang="${other.lang}" hreflang="${other.lang}">${other.label}</a></nav>
    <main>
${body}    </main>
  </body>
</html>
`;
}
