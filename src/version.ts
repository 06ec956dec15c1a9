import packageJson from '../package.json' with { type: 'json' }

/** The relay's version, as `/version` reports it. */
export const VERSION: string = packageJson.version
