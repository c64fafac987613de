import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** GitHub-flavoured Markdown (bare URLs become links); one instance, never the global one. */
const marked = new Marked({ gfm: true, breaks: false, async: false });

/*
 * An answer's own headings come after the page's h1 (the topic title): they are moved down to h2/h3
 * so the page's headings stay in order.
 */
const heading = (tag: 'h2' | 'h3') => () => ({ tagName: tag, attribs: {} });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'a', 'code', 'pre', 'blockquote', 'h2', 'h3', 'hr'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    h1: heading('h2'),
    h2: heading('h2'),
    h3: heading('h3'),
    h4: heading('h3'),
    h5: heading('h3'),
    h6: heading('h3'),
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow' }),
  },
};
// rel is added by the transform, after the attribute filter has run.
SANITIZE.allowedAttributes = { a: ['href', 'rel'] };

/** An intent's Markdown answer as safe HTML: rendered by marked, then cleaned by sanitize-html. */
export function answerHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string, SANITIZE);
}
