// The dataset editor's id, in its own module so that the document and the provider can both name it.
export const DATASET_EDITOR_VIEW_TYPE = 'lexreview.datasetEditor';
