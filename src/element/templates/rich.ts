/**
 * What rich messages need beyond plain text: content (quick replies, cards, carousels, pickers, files)
 * and markdown. A chunk of its own, loaded when a conversation first needs it.
 */
export { renderContent, type ContentView } from './content.js';
export { renderMarkdownText } from './markdown.js';
