// `npm start`: serves the course demo (demo/course/) as its markdown renders through py-elements'
// markdown-it plugin, taken from src/ (Vite compiles it), so an edit to either shows on reload.
import MarkdownIt from 'markdown-it';
import { COURSE_PAGES, coursePage } from '../demo/course/page.mjs';

export function demoMarkdown() {
  return {
    name: 'py-elements-demo-markdown',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        if (!Object.hasOwn(COURSE_PAGES, path)) return next();
        try {
          const { default: pyElements } = await server.ssrLoadModule('/src/markdown/markdown-it.ts');
          const html = await coursePage(path, { markdownIt: (options) => new MarkdownIt(options), pyElements });
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(await server.transformIndexHtml(req.url, html));
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
