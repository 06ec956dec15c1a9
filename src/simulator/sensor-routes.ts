/**
 * The Sensor API's listing (`GET /sensor/v1/sensors`), which other
 * consumers use as their connectivity test.
 * @module
 */
import type { DatasetIndex } from './dataset-index.ts'
import type { Route } from './router.ts'

/** `GET /sensor/v1/sensors`, filtered by `account_code` and `sensor_id`. */
export function sensorRoutes(index: DatasetIndex): Route[] {
  return [
    {
      name: 'sensors',
      method: 'GET',
      pattern: '/sensor/v1/sensors',
      kind: 'api',
      handle: ({ query }) => {
        const code = query.get('account_code')
        const sensorId = query.get('sensor_id')
        const sensors = index.dataset.sensors.filter(
          (sensor) =>
            (code === null || sensor.account_code === code) &&
            (sensorId === null || sensor.sensor_id === sensorId),
        )
        return { status: 200, body: { result_count: sensors.length, sensors } }
      },
    },
  ]
}
