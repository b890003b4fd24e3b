/**
 * markdown-it's flat token stream turned into a small tree of blocks the terminal renderer walks.
 * Only what lessons use is kept: headings, paragraphs, lists, block quotes, code, tables, rules.
 * HTML blocks (the lesson's metadata comments) are dropped.
 */
import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
import { HARD_BREAK, type InlineStyle, type Piece } from './styled-text.js';

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly pieces: Piece[] }
  | { readonly kind: 'paragraph'; readonly pieces: Piece[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly tight: boolean; readonly items: Block[][] }
  | { readonly kind: 'quote'; readonly children: Block[] }
  | { readonly kind: 'code'; readonly info: string; readonly lines: string[] }
  | { readonly kind: 'table'; readonly header: Piece[][]; readonly rows: Piece[][][] }
  | { readonly kind: 'rule' };

const parser = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function parseBlocks(markdown: string): Block[] {
  const tokens = parser.parse(markdown, {});
  const cursor = { index: 0 };
  return readBlocks(tokens, cursor, undefined);
}

/** Reads blocks until the closing token `until` (or the end). */
function readBlocks(tokens: Token[], cursor: { index: number }, until: string | undefined): Block[] {
  const blocks: Block[] = [];
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index]!;
    if (until !== undefined && token.type === until) {
      cursor.index++;
      return blocks;
    }
    cursor.index++;
    switch (token.type) {
      case 'heading_open': {
        const inline = tokens[cursor.index]!;
        cursor.index += 2; // inline, heading_close
        blocks.push({ kind: 'heading', level: Number(token.tag.slice(1)), pieces: inlinePieces(inline.children ?? []) });
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[cursor.index]!;
        cursor.index += 2;
        blocks.push({ kind: 'paragraph', pieces: inlinePieces(inline.children ?? []) });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        const items: Block[][] = [];
        let tight = true;
        while (cursor.index < tokens.length && tokens[cursor.index]!.type !== close) {
          // list_item_open
          cursor.index++;
          const start = cursor.index;
          items.push(readBlocks(tokens, cursor, 'list_item_close'));
          for (let i = start; i < cursor.index; i++) if (tokens[i]!.type === 'paragraph_open' && !tokens[i]!.hidden) tight = false;
        }
        cursor.index++;
        const startAttr = Number(token.attrGet('start') ?? '1');
        blocks.push({ kind: 'list', ordered, start: Number.isFinite(startAttr) ? startAttr : 1, tight, items });
        break;
      }
      case 'blockquote_open':
        blocks.push({ kind: 'quote', children: readBlocks(tokens, cursor, 'blockquote_close') });
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ kind: 'code', info: token.info.trim(), lines: token.content.replace(/\n$/, '').split('\n') });
        break;
      case 'table_open':
        blocks.push(readTable(tokens, cursor));
        break;
      case 'hr':
        blocks.push({ kind: 'rule' });
        break;
      default:
        // html_block (comments), and anything a lesson does not use, is left out.
        break;
    }
  }
  return blocks;
}

function readTable(tokens: Token[], cursor: { index: number }): Block {
  const header: Piece[][] = [];
  const rows: Piece[][][] = [];
  let row: Piece[][] | undefined;
  let inHead = false;
  while (cursor.index < tokens.length) {
    const token = tokens[cursor.index++]!;
    if (token.type === 'table_close') break;
    if (token.type === 'thead_open') inHead = true;
    if (token.type === 'thead_close') inHead = false;
    if (token.type === 'tr_open') row = [];
    if (token.type === 'inline' && row !== undefined) row.push(inlinePieces(token.children ?? []));
    if (token.type === 'tr_close' && row !== undefined) {
      if (inHead) header.push(...row);
      else rows.push(row);
      row = undefined;
    }
  }
  return { kind: 'table', header, rows };
}

/** Inline tokens → styled pieces. Non-local links show their URL after the text. */
export function inlinePieces(children: readonly Token[]): Piece[] {
  const pieces: Piece[] = [];
  const styles: InlineStyle[] = [];
  const hrefs: string[] = [];
  const push = (text: string, extra: InlineStyle[] = []): void => {
    if (text !== '') pieces.push({ text, styles: [...styles, ...extra] });
  };
  const toggle = (style: InlineStyle, on: boolean): void => {
    if (on) styles.push(style);
    else styles.splice(styles.lastIndexOf(style), 1);
  };
  for (const token of children) {
    switch (token.type) {
      case 'text':
        push(token.content);
        break;
      case 'code_inline':
        push(token.content, ['code']);
        break;
      case 'strong_open':
      case 'strong_close':
        toggle('bold', token.type === 'strong_open');
        break;
      case 'em_open':
      case 'em_close':
        toggle('italic', token.type === 'em_open');
        break;
      case 's_open':
      case 's_close':
        toggle('strike', token.type === 's_open');
        break;
      case 'link_open':
        hrefs.push(String(token.attrGet('href') ?? ''));
        toggle('link', true);
        break;
      case 'link_close': {
        toggle('link', false);
        const href = hrefs.pop() ?? '';
        if (/^(https?|mailto):/i.test(href)) pieces.push({ text: ` (${href})`, styles: ['url'] });
        break;
      }
      case 'image':
        push(`[image: ${token.content}]`);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        pieces.push(HARD_BREAK);
        break;
      default:
        // html_inline and friends: not shown.
        break;
    }
  }
  return pieces;
}
