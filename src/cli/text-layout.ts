/**
 * Terminal layout shared by the summaries: headings, aligned columns and
 * optional ANSI styles (plain text when the output is not a terminal).
 * @module
 */
import { styleText } from 'node:util'

/** Style functions; each returns its input unchanged when colours are off. */
export interface Style {
  heading(text: string): string
  dim(text: string): string
  good(text: string): string
  warn(text: string): string
  bad(text: string): string
}

/** Styles for a terminal (`color` true) or for pipes and files. */
export function createStyle(color: boolean): Style {
  const paint =
    (format: Parameters<typeof styleText>[0]) =>
    (text: string): string =>
      color ? styleText(format, text) : text
  return {
    heading: paint('bold'),
    dim: paint('dim'),
    good: paint('green'),
    warn: paint('yellow'),
    bad: paint('red'),
  }
}

/** A style that adds nothing: for tests and `--json`. */
export const PLAIN_STYLE: Style = createStyle(false)

/**
 * Rows as lines with every column but the last padded to its widest cell.
 * `paint` styles a cell after padding, so escape codes never skew the widths.
 */
export function alignColumns(
  rows: readonly (readonly string[])[],
  options: { indent?: string; gap?: string; paint?: (text: string, column: number) => string } = {},
): string[] {
  const { indent = '  ', gap = '  ', paint = (text: string) => text } = options
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length)
    })
  }
  return rows.map((row) => {
    const cells = row.map((cell, column) => {
      const padded = column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)
      return paint(padded, column)
    })
    return `${indent}${cells.join(gap)}`.trimEnd()
  })
}
