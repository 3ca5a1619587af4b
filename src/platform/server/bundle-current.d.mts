/** Whether the server bundle in `bundleDir` was built from the sources under `root` as they are now. */
export function bundleIsCurrent(root: URL, bundleDir: URL): boolean;
