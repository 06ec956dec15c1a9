/**
 * The console in a real browser (Debian's chromium via playwright-core)
 * against `gti-relay console` and its simulator: an observe through the page,
 * its table, graph, verdicts and refer links, then the dashboard tiles and
 * the respond actions. Numbers on the page are checked against the relay's own
 * answers for the same token. Screenshots go to bench/results/screenshots/ (git-ignored), or
 * to docs/ when UPDATE_SCREENSHOTS=1, so a test run never rewrites tracked files.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { buildConsoleAssets } from '../../src/console/build-console-assets.ts'
import { type ConsoleRun, startConsoleRun } from '../support/console-run.ts'
import { browserSkipReason, launchChromium } from './chromium.ts'

const DOCS = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/' : '../../bench/results/screenshots/',
    import.meta.url,
  ),
)
mkdirSync(DOCS, { recursive: true })
const OBSERVABLES_PICKED = 3
const PERIOD = 'last_30_days'

interface Call {
  status: number
  body: any
}

describe('the console in a real browser', { skip: browserSkipReason() }, () => {
  let assets: string
  let run: ConsoleRun
  let browser: { context: BrowserContext; close(): Promise<void> }
  let page: Page
  const pageErrors: string[] = []

  const relay = async (path: string, body?: unknown): Promise<Call> => {
    const response = await fetch(`${run.relayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${run.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: await response.json() }
  }
  const dataValues = (selector: string) =>
    page
      .locator(selector)
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-value'))))

  before(async () => {
    assets = await mkdtemp(join(tmpdir(), 'gti-relay-console-assets-'))
    await buildConsoleAssets(assets)
    run = await startConsoleRun(['--assets', assets])
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${run.pageUrl}#token=${run.token}`)
  })

  after(async () => {
    await browser?.close()
    if (run) assert.equal(await run.stop(), 0)
    await rm(assets, { recursive: true, force: true })
  })

  test('an observe of simulator samples shows verdicts, sightings, timeline, graph and refer links', async () => {
    assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar')
    const chips = page.locator('button[data-sample]')
    await chips.first().waitFor()
    const picked: { type: string; value: string }[] = []
    for (let i = 0; i < OBSERVABLES_PICKED; i += 1) {
      const [type = '', value = ''] = (
        (await chips.nth(i).getAttribute('data-sample')) ?? ''
      ).split(/:(.*)/s)
      picked.push({ type, value })
      await chips.nth(i).click()
    }
    await page.getByRole('button', { name: 'Look up' }).click()
    await page.locator('#results[aria-busy="false"] #errors').waitFor()

    const [observed, deliberate, refer, respond] = await Promise.all([
      relay('/observe/observables', picked),
      relay('/deliberate/observables', picked),
      relay('/refer/observables', picked),
      relay('/respond/observables', picked),
    ])
    for (const call of [observed, deliberate, refer, respond]) assert.equal(call.status, 200)
    const bundle = observed.body.data
    const sightings: any[] = bundle.sightings.docs
    assert.ok(sightings.length > 0, 'the samples have sightings')

    // Table: every sighting, newest first, then sorted oldest first on request.
    const rows = page.locator('#sightings-table tbody tr')
    assert.equal(await rows.count(), sightings.length)
    const observedTimes = () =>
      rows.evaluateAll((nodes) =>
        nodes.map((node) => Date.parse(node.getAttribute('data-observed') ?? '')),
      )
    const times = await observedTimes()
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      sightings.map((s) => Date.parse(s.observed_time.start_time)).sort((a, b) => a - b),
      'every sighting is a row',
    )
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    )
    await page.getByRole('button', { name: 'Observed' }).click()
    assert.equal(
      await page.locator('#sightings-table th').first().getAttribute('aria-sort'),
      'ascending',
    )
    const sortedTimes = await observedTimes()
    assert.deepEqual(
      sortedTimes,
      [...sortedTimes].sort((a, b) => a - b),
      'oldest first after the click',
    )
    assert.notDeepEqual(sortedTimes, times, 'the order changed')

    // Timeline: one dot per sighting.
    assert.equal(await page.locator('#timeline circle.dot').count(), sightings.length)

    // Verdicts: what deliberate says, else "No verdict".
    const verdictSource = deliberate.body.data
    for (const observable of picked) {
      const verdict = (verdictSource?.verdicts?.docs ?? []).find(
        (v: any) =>
          v.observable.type === observable.type && v.observable.value === observable.value,
      )
      const badge = page.locator(
        `#verdicts tr[data-observable="${observable.type}:${observable.value}"] .badge`,
      )
      assert.equal(
        await badge.getAttribute('data-disposition'),
        verdict?.disposition_name ?? 'No verdict',
      )
    }

    // Graph: asked observables, every indicator, one sighting-of edge per sighted observable and indicator.
    assert.equal(await page.locator('#graph g.node-requested').count(), picked.length)
    assert.equal(
      await page.locator('#graph g.node-indicator').count(),
      bundle.indicators.docs.length,
    )
    const sightingObservables = new Map(
      sightings.map((s) => [s.id, s.observables.map((o: any) => `${o.type}:${o.value}`)]),
    )
    const pairs = new Set<string>()
    for (const relationship of bundle.relationships.docs) {
      if (relationship.relationship_type !== 'sighting-of') continue
      for (const key of sightingObservables.get(relationship.source_ref) ?? []) {
        pairs.add(`${key}\u0000${relationship.target_ref}`)
      }
    }
    assert.ok(pairs.size > 0)
    assert.equal(await page.locator('#graph g.edge-sighting-of').count(), pairs.size)
    assert.ok(
      (await page.locator('#graph g.edge-relation').count()) > 0,
      'observed relations are drawn',
    )

    // Refer links, indicators and the raw answers of all four calls.
    assert.equal(await page.locator('#refer li[data-refer]').count(), refer.body.data.length)
    assert.equal(
      await page.locator('#indicators li[data-indicator]').count(),
      bundle.indicators.docs.length,
    )
    assert.equal(await page.locator('#raw-investigate details').count(), 4)
    assert.equal(
      await page.locator('#respond button[data-action]').count(),
      respond.body.data.length,
      'one button per offered action',
    )

    // Every form field has a label, every button a name.
    const unlabelled = await page
      .locator('input, select, textarea')
      .evaluateAll((nodes) =>
        nodes.filter((node) => (node as any).labels.length === 0).map((node) => node.id),
      )
    assert.deepEqual(unlabelled, [])
    const unnamed = await page
      .locator('button')
      .evaluateAll((nodes) => nodes.filter((node) => node.textContent?.trim() === '').length)
    assert.equal(unnamed, 0)

    await page.screenshot({ path: join(DOCS, 'console-observe.png'), fullPage: true })
    assert.deepEqual(pageErrors, [])
  })

  test('the dashboard tab is reachable by keyboard and shows every listed tile', async () => {
    await page.locator('#tab-investigate').focus()
    await page.keyboard.press('ArrowRight')
    assert.equal(await page.locator('#tab-dashboard').getAttribute('aria-selected'), 'true')
    assert.ok(await page.locator('#view-dashboard').isVisible())
    assert.ok(await page.locator('#view-investigate').isHidden())
    const tiles = await relay('/tiles')
    await page.getByLabel('Period').selectOption(PERIOD)
    await page.getByRole('button', { name: 'Show tiles' }).click()
    await page.locator('#tiles[aria-busy="false"]').waitFor()
    assert.equal(tiles.status, 200)
    assert.equal(await page.locator('#tiles section.tile').count(), tiles.body.data.length)
    await page.screenshot({ path: join(DOCS, 'console-dashboard.png'), fullPage: true })
    assert.deepEqual(pageErrors, [])
  })

  test('each dashboard tile shows the numbers the relay answers', async () => {
    const tiles = await relay('/tiles')
    assert.equal(tiles.status, 200)
    const types = new Set(tiles.body.data.map((tile: any) => tile.type))
    for (const type of [
      'metric_group',
      'donut_graph',
      'vertical_bar_chart',
      'horizontal_bar_chart',
      'markdown',
    ]) {
      assert.ok(types.has(type), `a ${type} tile is listed`)
    }
    for (const tile of tiles.body.data) {
      const period = (tile.periods ?? [PERIOD]).includes(PERIOD) ? PERIOD : tile.default_period
      const answer = await relay('/tiles/tile-data', { tile_id: tile.id, period })
      assert.equal(answer.status, 200, tile.id)
      const data = answer.body.data
      const card = `#tiles section.tile[data-tile="${tile.id}"]`
      await page.locator(card).waitFor()
      const rows: any[] = data.data
      if (tile.type === 'metric_group') {
        assert.deepEqual(
          await dataValues(`${card} li.metric`),
          rows.map((m) => m.value),
          tile.id,
        )
      } else if (tile.type === 'donut_graph') {
        assert.deepEqual(
          await dataValues(`${card} path.donut-item`),
          rows.filter((item) => item.value > 0).map((item) => item.value),
          tile.id,
        )
      } else if (tile.type === 'vertical_bar_chart' || tile.type === 'horizontal_bar_chart') {
        assert.deepEqual(
          await dataValues(`${card} .bar`),
          rows.map((bar) => bar.value ?? 0),
          tile.id,
        )
      } else if (tile.type === 'markdown') {
        const text = String(await page.locator(card).textContent())
        for (const line of rows.map(String)) {
          if (/^\s*\|?\s*:?-{2,}/.test(line)) continue
          const plain = line.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|`|^#+\s*/g, '')
          for (const cell of plain
            .split('|')
            .map((c) => c.trim())
            .filter(Boolean)) {
            assert.ok(text.includes(cell), `${tile.id} shows ${cell}`)
          }
        }
      }
    }
    assert.deepEqual(pageErrors, [])
  })

  test('verdict badges and respond actions follow deliberate and respond, with a confirmation before a trigger', async () => {
    await page.locator('#tab-investigate').click()
    const picked = await page.locator('#verdicts tr[data-observable]').evaluateAll((nodes) =>
      nodes.map((node) => {
        const [type = '', value = ''] = (node.getAttribute('data-observable') ?? '').split(/:(.*)/s)
        return { type, value }
      }),
    )
    const [deliberate, respond] = await Promise.all([
      relay('/deliberate/observables', picked),
      relay('/respond/observables', picked),
    ])
    assert.equal(deliberate.status, 200)
    assert.equal(respond.status, 200)
    const verdicts = deliberate.body.data?.verdicts?.docs ?? []
    assert.ok(verdicts.length > 0, 'the simulator samples have verdicts')
    for (const verdict of verdicts) {
      const badge = page.locator(
        `#verdicts tr[data-observable="${verdict.observable.type}:${verdict.observable.value}"] .badge`,
      )
      assert.equal(await badge.getAttribute('data-disposition'), verdict.disposition_name)
    }
    const actions = respond.body.data
    const buttons = page.locator('#respond button[data-action]')
    assert.equal(await buttons.count(), actions.length)
    assert.ok(actions.length > 0, 'the console token turns response actions on')

    // Cancel first: nothing is sent.
    await buttons.first().click()
    await page.locator('dialog.confirm').waitFor()
    await page.keyboard.press('Escape')
    assert.match(String(await page.locator('#respond [role="status"]').textContent()), /Cancelled/)
    assert.equal((await relay('/respond/observables', picked)).body.data.length, actions.length)

    // Then confirm: the detections are resolved, so the observable's actions go away.
    const target = actions[0]['query-params']
    await buttons.first().click()
    await page.locator('dialog.confirm button[data-confirm]').click()
    await page.locator('#respond .trigger-result').waitFor()
    assert.equal(
      await page.locator('#respond .trigger-result').getAttribute('data-status'),
      'success',
    )
    const after = await relay('/respond/observables', [
      { type: target.observable_type, value: target.observable_value },
    ])
    assert.deepEqual(after.body.data, [])
    assert.deepEqual(pageErrors, [])
  })
})
