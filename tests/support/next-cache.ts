// Stands in for next/cache in integration tests that call server actions: there is no Next
// request scope to revalidate, so every call is a no-op.
export const revalidatePath = () => undefined;
export const revalidateTag = () => undefined;
export const updateTag = () => undefined;
export const refresh = () => undefined;
