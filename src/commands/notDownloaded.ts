/** What a command says when the code it needs did not download (offline after an update); the next run tries again. */
export const CODE_NOT_DOWNLOADED_TOAST = 'This command’s code did not download: reload the page when online, and try again.';
