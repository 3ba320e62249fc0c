/** jest's globalTeardown: stops the server global-setup.ts started, if it did. */
export default async function globalTeardown(): Promise<void> {
  await (
    globalThis as { benefitsTestPgServer?: { stop(): Promise<void> } }
  ).benefitsTestPgServer?.stop();
}
