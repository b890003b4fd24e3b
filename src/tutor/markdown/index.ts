/** Markdown to terminal lines, for the lesson reader, the quiz and the plain report. */
export { renderMarkdown, type RenderOptions } from './render-markdown.js';
export { clipPlain, padVisible, stripAnsi, visibleWidth } from './text-width.js';
