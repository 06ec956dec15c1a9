/**
 * The console page: a token field, two tabs (Investigate, Dashboard) and
 * their views. The token comes from the URL fragment the `console` command
 * prints (never sent to a server) or is pasted, and lives in this tab only.
 * @module
 */
import type { Observable } from '../model/relay-shapes.ts'
import { dashboardView } from './dashboard-view.ts'
import { el } from './dom.ts'
import { investigateView } from './investigate-view.ts'
import { getJson } from './relay-client.ts'

const TOKEN_KEY = 'gti-relay-console-token'

function initialToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    // Out of the address bar, so it is not copied along with the URL.
    history.replaceState(null, '', location.pathname + location.search)
    return fromHash
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function samplesOf(config: unknown): Observable[] {
  const samples = (config as { samples?: unknown } | undefined)?.samples
  if (!Array.isArray(samples)) return []
  return samples.filter(
    (s): s is Observable => typeof s?.type === 'string' && typeof s?.value === 'string',
  )
}

async function start(): Promise<void> {
  const root = document.getElementById('app')
  if (root === null) return
  const tokenInput = el('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  })
  tokenInput.value = initialToken()
  tokenInput.addEventListener('change', () =>
    sessionStorage.setItem(TOKEN_KEY, tokenInput.value.trim()),
  )
  const token = () => tokenInput.value.trim()
  const samples = samplesOf(await getJson('/console/config.json'))
  const views = { investigate: investigateView(samples, token), dashboard: dashboardView(token) }
  const tabs = (Object.keys(views) as (keyof typeof views)[]).map((name) =>
    el(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${name}`,
        'aria-controls': `view-${name}`,
        class: 'tab',
      },
      name === 'investigate' ? 'Investigate' : 'Dashboard',
    ),
  )
  const panels = (Object.keys(views) as (keyof typeof views)[]).map((name) =>
    el(
      'div',
      { role: 'tabpanel', id: `view-${name}`, 'aria-labelledby': `tab-${name}`, tabindex: 0 },
      views[name],
    ),
  )
  const select = (index: number) => {
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index))
      tab.tabIndex = i === index ? 0 : -1
      ;(panels[i] as HTMLElement).hidden = i !== index
    })
  }
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(index))
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
      const next = (index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length
      select(next)
      ;(tabs[next] as HTMLElement).focus()
    })
  })
  select(0)
  root.replaceChildren(
    el(
      'div',
      { class: 'token' },
      el('label', { for: 'token' }, 'Configuration token'),
      tokenInput,
      el(
        'p',
        { id: 'token-help', class: 'hint' },
        'The JWT XDR would send. gti-relay console fills it in for the simulator; paste another to try it.',
      ),
    ),
    el('div', { role: 'tablist', 'aria-label': 'Views', class: 'tabs' }, ...tabs),
    ...panels,
  )
}

void start()
