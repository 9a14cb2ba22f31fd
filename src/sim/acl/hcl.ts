// The subset of HCL (version 1 syntax) that ACL policies are written in, with the error texts real
// Consul 1.22 gives for the common mistakes (position `At line:column:` as Consul prints it).

/** A 1-based source position. */
export interface HclPos {
  line: number;
  column: number;
}

type TokenType =
  | 'IDENT' | 'STRING' | 'NUMBER' | 'FLOAT' | 'BOOL' | 'HEREDOC' | 'ASSIGN'
  | 'LBRACE' | 'RBRACE' | 'LBRACK' | 'RBRACK' | 'COMMA' | 'EOF';

interface Token {
  type: TokenType;
  /** Source text of the token. */
  raw: string;
  /** Decoded value (strings unquoted and unescaped). */
  value: string;
  pos: HclPos;
}

/** A key of an item: its decoded text and where it is. */
export interface HclKey {
  text: string;
  raw: string;
  pos: HclPos;
}

/** A value: a literal, an object (`{ … }`) or a list (`[ … ]`). */
export type HclValue =
  | { type: 'literal'; kind: 'string' | 'number' | 'bool'; text: string; pos: HclPos }
  | { type: 'object'; items: HclItem[]; pos: HclPos }
  | { type: 'list'; pos: HclPos };

/** `key = value`, or a block `key "label" … { … }` (assign false, value an object); value null for `key =` at the end. */
export interface HclItem {
  keys: HclKey[];
  assign: boolean;
  value: HclValue | null;
}

/** A syntax error, worded as Consul reports it after `Failed to parse ACL rules: `. */
export class HclError extends Error {
  override readonly name = 'HclError';
}

function at(pos: HclPos | null, message: string): HclError {
  return new HclError(`At ${pos === null ? '-' : `${pos.line}:${pos.column}`}: ${message}`);
}

const IDENT_START = /[A-Za-z_\u00c0-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_\-.\u00c0-\uffff]/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

class Lexer {
  private i = 0;
  private line = 1;
  private column = 1;
  private peeked: Token | null = null;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = null;
    return token;
  }

  private here(): HclPos {
    return { line: this.line, column: this.column };
  }

  private advance(): string {
    const char = this.text[this.i] ?? '';
    this.i++;
    if (char === '\n') {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return char;
  }

  private skipTrivia(): void {
    for (;;) {
      const char = this.text[this.i];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.advance();
      else if (char === '#' || (char === '/' && this.text[this.i + 1] === '/')) {
        while (this.i < this.text.length && this.text[this.i] !== '\n') this.advance();
      } else if (char === '/' && this.text[this.i + 1] === '*') {
        this.advance();
        this.advance();
        while (!(this.text[this.i] === '*' && this.text[this.i + 1] === '/')) {
          if (this.i >= this.text.length) throw at(this.here(), 'comment not terminated');
          this.advance();
        }
        this.advance();
        this.advance();
      } else return;
    }
  }

  private scan(): Token {
    this.skipTrivia();
    const pos = this.here();
    const start = this.i;
    const char = this.text[this.i];
    const token = (type: TokenType, value?: string): Token => {
      const raw = this.text.slice(start, this.i);
      return { type, raw, value: value ?? raw, pos };
    };
    if (char === undefined) return token('EOF');
    const single: Readonly<Record<string, TokenType>> = { '=': 'ASSIGN', '{': 'LBRACE', '}': 'RBRACE', '[': 'LBRACK', ']': 'RBRACK', ',': 'COMMA' };
    const singleType = single[char];
    if (singleType !== undefined) {
      this.advance();
      return token(singleType);
    }
    if (char === '"') return this.scanString(pos, start);
    if (char === '<' && this.text[this.i + 1] === '<') return this.scanHeredoc(pos, start);
    if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(this.text[this.i + 1] ?? ''))) {
      this.advance();
      let float = false;
      while (/[0-9.eE+-]/.test(this.text[this.i] ?? '')) {
        if (/[.eE]/.test(this.text[this.i] ?? '')) float = true;
        this.advance();
      }
      return token(float ? 'FLOAT' : 'NUMBER');
    }
    if (IDENT_START.test(char)) {
      while (IDENT_PART.test(this.text[this.i] ?? '')) this.advance();
      const raw = this.text.slice(start, this.i);
      return token(raw === 'true' || raw === 'false' ? 'BOOL' : 'IDENT');
    }
    throw at(pos, 'illegal char');
  }

  private scanString(pos: HclPos, start: number): Token {
    this.advance();
    let value = '';
    for (;;) {
      const char = this.text[this.i];
      if (char === undefined || char === '\n') throw at(this.here(), 'literal not terminated');
      this.advance();
      if (char === '"') break;
      if (char === '\\') {
        const escape = this.advance();
        value += ESCAPES[escape] ?? escape;
      } else {
        value += char;
      }
    }
    return { type: 'STRING', raw: this.text.slice(start, this.i), value, pos };
  }

  private scanHeredoc(pos: HclPos, start: number): Token {
    this.advance();
    this.advance();
    const indent = this.text[this.i] === '-';
    if (indent) this.advance();
    let anchor = '';
    while (IDENT_PART.test(this.text[this.i] ?? '')) anchor += this.advance();
    if (anchor === '' || this.text[this.i] !== '\n') throw at(pos, 'heredoc expected newline after anchor');
    this.advance();
    const lines: string[] = [];
    for (;;) {
      const end = this.text.indexOf('\n', this.i);
      if (end < 0) {
        while (this.i < this.text.length) this.advance();
        throw at(this.here(), 'heredoc not terminated');
      }
      const line = this.text.slice(this.i, end);
      while (this.i <= end) this.advance();
      if ((indent ? line.trim() : line) === anchor) break;
      lines.push(line);
    }
    const value = lines.map((line) => `${line}\n`).join('');
    return { type: 'HEREDOC', raw: this.text.slice(start, this.i), value, pos };
  }
}

class Parser {
  private readonly lexer: Lexer;

  constructor(text: string) {
    this.lexer = new Lexer(text);
  }

  parseFile(): HclItem[] {
    return this.objectList(false);
  }

  private objectList(nested: boolean): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      const token = this.lexer.peek();
      if (token.type === 'EOF') {
        // Consul reports this one a column past the end of the text.
        if (nested) throw at({ line: token.pos.line, column: token.pos.column + 1 }, 'object expected closing RBRACE got: EOF');
        return items;
      }
      if (token.type === 'RBRACE' && nested) return items;
      items.push(this.objectItem());
      if (this.lexer.peek().type === 'COMMA') this.lexer.next();
    }
  }

  private objectItem(): HclItem {
    const keys: HclKey[] = [];
    for (;;) {
      const token = this.lexer.next();
      switch (token.type) {
        case 'IDENT':
        case 'STRING':
          keys.push({ text: token.value, raw: token.raw, pos: token.pos });
          continue;
        case 'ASSIGN':
          if (keys.length > 1) throw at(token.pos, 'nested object expected: LBRACE got: ASSIGN');
          if (keys.length === 0) throw at(token.pos, 'no object keys found!');
          return { keys, assign: true, value: this.value() };
        case 'LBRACE':
          if (keys.length === 0) throw at(token.pos, 'expected: IDENT | STRING got: LBRACE');
          return { keys, assign: false, value: this.object(token.pos) };
        default:
          if (keys.length > 0 && (token.type === 'EOF' || token.type === 'RBRACE')) {
            const text = keys.map((key) => key.raw).join(' ');
            throw at(token.pos, `key '${text}' expected start of object ('{') or assignment ('=')`);
          }
          throw at(token.pos, `expected: IDENT | STRING | ASSIGN | LBRACE got: ${token.type}`);
      }
    }
  }

  /** The rest of an object whose `{` was just read. */
  private object(pos: HclPos): HclValue {
    const items = this.objectList(true);
    this.lexer.next();
    return { type: 'object', items, pos };
  }

  private value(): HclValue | null {
    const token = this.lexer.next();
    switch (token.type) {
      case 'STRING':
      case 'HEREDOC':
        return { type: 'literal', kind: 'string', text: token.value, pos: token.pos };
      case 'NUMBER':
      case 'FLOAT':
        return { type: 'literal', kind: 'number', text: token.value, pos: token.pos };
      case 'BOOL':
        return { type: 'literal', kind: 'bool', text: token.value, pos: token.pos };
      case 'LBRACE':
        return this.object(token.pos);
      case 'LBRACK':
        this.list();
        return { type: 'list', pos: token.pos };
      case 'EOF':
        return null;
      default:
        throw at(token.pos, `Unknown token: ${token.pos.line}:${token.pos.column} ${token.type} ${token.raw}`);
    }
  }

  /** Skips a list whose `[` was just read (ACL rules never use lists; only their type matters). */
  private list(): void {
    for (;;) {
      const token = this.lexer.peek();
      if (token.type === 'RBRACK') {
        this.lexer.next();
        return;
      }
      if (token.type === 'EOF') throw at(token.pos, 'list expected closing RBRACK got: EOF');
      if (token.type === 'COMMA') this.lexer.next();
      else this.value();
    }
  }
}

/** Parses HCL text into items; throws HclError with Consul's wording. */
export function parseHcl(text: string): HclItem[] {
  return new Parser(text).parseFile();
}

/** Rejects an argument set twice in one object (anywhere in the tree), as Consul does. */
export function checkDuplicateArguments(items: readonly HclItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    const [key] = item.keys;
    if (item.assign && item.keys.length === 1 && key !== undefined) {
      if (seen.has(key.text)) {
        throw new HclError(`The argument ${JSON.stringify(key.text)} at ${key.pos.line}:${key.pos.column} was already set. Each argument can only be defined once`);
      }
      seen.add(key.text);
    }
    if (item.value?.type === 'object') checkDuplicateArguments(item.value.items);
  }
}
