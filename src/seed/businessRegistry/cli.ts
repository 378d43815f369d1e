import { parseArgs } from 'node:util';
import { parseInteger } from '../../integerText.js';
import { startBusinessRegistryService } from './service.js';

// `npm run business-registry -- --database URL [--port N] [--host H]`: the business registry's web
// service stand-in over its seeded database, until stopped; `npm run seed -- --business-registry URL`
// fills that database.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { database: { type: 'string' }, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  if (!values.database) throw new Error('--database names the business registry\'s database, e.g. sqlite:data/business_registry.sqlite');
  const service = await startBusinessRegistryService(values.database, { port: parseInteger('--port', values.port, 0, 65_535), host: values.host });
  process.stdout.write(`The business registry's stand-in serves its WSDL at ${service.wsdlUrl}\n`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The business registry's stand-in could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
