// How an imported grant's named approval reads: the importing admin vouches for access that
// already existed in the source system (no policy was asked). One spelling, written by the
// import and recognised by the access story.
const PREFIX = "import: attested by ";

export const importAttestation = (admin: string, jobId: string) =>
  `${PREFIX}${admin} (import ${jobId})`.slice(0, 300);

export const isImportAttestation = (approval: string | null | undefined): approval is string =>
  !!approval?.startsWith(PREFIX);
