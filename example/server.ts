// `npm start`: the demo API on 127.0.0.1:3000 (PORT and HOST to change; LOG_LEVEL for the log).
import { buildDemo } from './app.js'

const app = await buildDemo(process.env.LOG_LEVEL ?? 'info')
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
