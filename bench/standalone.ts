// A bench section run on its own (`node --import tsx bench/review.ts`): prints whether its targets were met.
export function runStandalone(section: () => Promise<number>): void {
  section().then(
    (missed) => console.log(missed ? `\n${missed} target(s) missed` : '\nall targets met'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
