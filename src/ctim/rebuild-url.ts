/**
 * The URL of an http event, rebuilt from its `uri.uri` (observe.md, Relations, steps 1-5).
 * @module
 */

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/
// A CONNECT target (`example.com:443`) looks like a scheme but is the authority.
const CONNECT_TARGET = /^[A-Za-z][A-Za-z0-9+.-]*:[0-9]+$/

function splitAt(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator)
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

/**
 * Rebuilds `<scheme>://<authority><path>[?query][#fragment]` from a request URI.
 * Nothing is encoded, re-cased or normalised except the scheme (lower case). When
 * the URI has no authority, the first non-empty of `hostDomain`, `hostIp`, `dstIp` is used.
 * @example rebuildUrl('/download.php', 'example.com') // 'http://example.com/download.php'
 */
export function rebuildUrl(
  uri: string,
  hostDomain?: string | null,
  hostIp?: string | null,
  dstIp?: string | null,
): string {
  const [beforeFragment, fragment] = splitAt(uri.replace(/[\t\r\n]/g, ''), '#')
  let [rest, query] = splitAt(beforeFragment, '?')

  let scheme = 'http'
  let authority = ''
  const schemeMatch = SCHEME.exec(rest)
  if (CONNECT_TARGET.test(rest)) {
    authority = rest
    rest = ''
  } else if (schemeMatch?.[1] !== undefined) {
    scheme = schemeMatch[1].toLowerCase()
    rest = rest.slice(schemeMatch[0].length)
  }

  if (authority === '' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2)
    authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash)
    rest = slash < 0 ? '' : rest.slice(slash)
  }
  if (authority === '') authority = hostDomain || hostIp || dstIp || ''

  const path = rest !== '' && !rest.startsWith('/') ? `/${rest}` : rest
  return `${scheme}://${authority}${path}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`
}
