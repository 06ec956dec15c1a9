/**
 * Parser for the IQL subset the simulator understands: comparisons
 * (`=`/`==`, `!=`/`<>`, `<`, `<=`, `>`, `>=`), `IN (...)`, `LIKE`, `NOT IN`,
 * `NOT LIKE`, `AND`/`OR`/`NOT` with parentheses (keywords in any case),
 * quoted strings with backslash escapes, bare literals (numbers, IPs, CIDRs,
 * `true`/`false`/`null`), `type:field` qualifiers and `//`, `/* *\/` comments.
 * @module
 */

/** A literal on the right of a comparison. */
export type IqlLiteral = string | number | boolean | null

/** A field reference; `eventType` is set for `type:field`. */
export interface IqlField {
  raw: string
  eventType: string | null
  path: string[]
}

/** Comparison operators, `==` and `<>` normalised to `=` and `!=`. */
export type IqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>='

/** A parsed query. */
export type IqlNode =
  | { kind: 'and' | 'or'; left: IqlNode; right: IqlNode }
  | { kind: 'not'; operand: IqlNode }
  | { kind: 'compare'; field: IqlField; op: IqlOperator; value: IqlLiteral }
  | { kind: 'in'; field: IqlField; values: IqlLiteral[] }
  | { kind: 'like'; field: IqlField; pattern: string; regex: RegExp }

/** A query the parser refuses; `position` is the offset in the query text. */
export class IqlSyntaxError extends Error {
  readonly position: number

  constructor(message: string, position: number) {
    super(`${message} (at offset ${position})`)
    this.name = 'IqlSyntaxError'
    this.position = position
  }
}

type TokenKind = 'lparen' | 'rparen' | 'comma' | 'op' | 'string' | 'word' | 'end'

interface Token {
  kind: TokenKind
  text: string
  position: number
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>'] as const
const WORD_CHAR = /[A-Za-z0-9_.:[\]$/%*+-]/
const FIELD = /^(?:[a-z0-9_]+:)?[A-Za-z_$][A-Za-z0-9_$]*(?:\[\])?(?:\.[A-Za-z0-9_$]+(?:\[\])?)*$/
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'group', 'by'])

function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const char = query[i] as string
    if (/\s/.test(char)) {
      i++
    } else if (query.startsWith('//', i)) {
      const end = query.indexOf('\n', i)
      i = end === -1 ? query.length : end + 1
    } else if (query.startsWith('/*', i)) {
      const end = query.indexOf('*/', i + 2)
      if (end === -1) throw new IqlSyntaxError('unterminated comment', i)
      i = end + 2
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({
        kind: char === '(' ? 'lparen' : char === ')' ? 'rparen' : 'comma',
        text: char,
        position: i,
      })
      i++
    } else if (char === "'" || char === '"') {
      const start = i
      let text = ''
      i++
      for (;;) {
        if (i >= query.length) throw new IqlSyntaxError('unterminated string', start)
        const next = query[i] as string
        if (next === '\\') {
          if (i + 1 >= query.length) throw new IqlSyntaxError('unterminated string', start)
          text += query[i + 1]
          i += 2
        } else if (next === char) {
          i++
          break
        } else {
          text += next
          i++
        }
      }
      tokens.push({ kind: 'string', text, position: start })
    } else {
      const op = OPERATORS.find((candidate) => query.startsWith(candidate, i))
      if (op !== undefined) {
        tokens.push({ kind: 'op', text: op, position: i })
        i += op.length
      } else if (WORD_CHAR.test(char)) {
        const start = i
        while (i < query.length && WORD_CHAR.test(query[i] as string)) i++
        tokens.push({ kind: 'word', text: query.slice(start, i), position: start })
      } else {
        throw new IqlSyntaxError(`unexpected character ${JSON.stringify(char)}`, i)
      }
    }
  }
  tokens.push({ kind: 'end', text: '', position: query.length })
  return tokens
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword
}

/** Parses an IQL query; throws {@link IqlSyntaxError} on anything outside the subset. */
export function parseIql(query: string): IqlNode {
  const tokens = tokenize(query)
  let index = 0
  const peek = (): Token => tokens[index] as Token
  const take = (): Token => tokens[index++] as Token
  const fail = (message: string, token: Token = peek()): never => {
    throw new IqlSyntaxError(message, token.position)
  }
  const expect = (kind: TokenKind, what: string): Token => {
    const token = take()
    if (token.kind !== kind) fail(`expected ${what}`, token)
    return token
  }

  const parseField = (): IqlField => {
    const token = take()
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      return fail(token.kind === 'end' ? 'unexpected end of query' : 'expected a field name', token)
    }
    if (!FIELD.test(token.text)) return fail(`invalid field name ${token.text}`, token)
    const colon = token.text.indexOf(':')
    return {
      raw: token.text,
      eventType: colon === -1 ? null : token.text.slice(0, colon),
      path: token.text
        .slice(colon + 1)
        .split('.')
        .map((segment) => segment.replace(/\[\]$/, '')),
    }
  }

  const parseLiteral = (): IqlLiteral => {
    const token = take()
    if (token.kind === 'string') return token.text
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) {
      return fail('expected a value', token)
    }
    const lower = token.text.toLowerCase()
    if (lower === 'true' || lower === 'false') return lower === 'true'
    if (lower === 'null') return null
    if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text)
    return token.text
  }

  const parseClause = (): IqlNode => {
    const field = parseField()
    let negated = false
    if (isKeyword(peek(), 'not')) {
      take()
      negated = true
    }
    let node: IqlNode
    if (isKeyword(peek(), 'in')) {
      take()
      expect('lparen', '( after IN')
      const values = [parseLiteral()]
      while (peek().kind === 'comma') {
        take()
        values.push(parseLiteral())
      }
      expect('rparen', ') closing the IN list')
      node = { kind: 'in', field, values }
    } else if (isKeyword(peek(), 'like')) {
      take()
      const pattern = take()
      if (pattern.kind !== 'string') return fail('LIKE needs a quoted pattern', pattern)
      node = { kind: 'like', field, pattern: pattern.text, regex: likeRegex(pattern.text) }
    } else if (negated) {
      return fail('expected IN or LIKE after NOT')
    } else {
      const op = take()
      if (op.kind !== 'op') return fail('expected an operator', op)
      const normalised = op.text === '==' ? '=' : op.text === '<>' ? '!=' : op.text
      node = { kind: 'compare', field, op: normalised as IqlOperator, value: parseLiteral() }
    }
    return negated ? { kind: 'not', operand: node } : node
  }

  const parseUnary = (): IqlNode => {
    if (isKeyword(peek(), 'not')) {
      take()
      return { kind: 'not', operand: parseUnary() }
    }
    if (peek().kind === 'lparen') {
      take()
      const inner = parseOr()
      expect('rparen', ')')
      return inner
    }
    return parseClause()
  }

  const parseAnd = (): IqlNode => {
    let left = parseUnary()
    while (isKeyword(peek(), 'and')) {
      take()
      left = { kind: 'and', left, right: parseUnary() }
    }
    return left
  }

  function parseOr(): IqlNode {
    let left = parseAnd()
    while (isKeyword(peek(), 'or')) {
      take()
      left = { kind: 'or', left, right: parseAnd() }
    }
    return left
  }

  if (peek().kind === 'end') fail('empty query')
  const root = parseOr()
  if (isKeyword(peek(), 'group')) fail('GROUP BY is not supported by the simulator')
  if (peek().kind !== 'end') fail(`unexpected ${JSON.stringify(peek().text)}`)
  return root
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) =>
      char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${body}$`, 'is')
}
