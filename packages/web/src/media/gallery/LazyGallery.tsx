// The gallery section of the info panels, its code loaded the first time a panel shows it.
import { lazy, Suspense } from 'react';
import { strings } from '../../strings.js';
import type { GalleryProps } from './Gallery.js';

const Gallery = lazy(() => import('./Gallery.js'));

export function LazyGallery(props: GalleryProps) {
  return (
    <Suspense fallback={<p className="placeholder">{strings.media.loading}</p>}>
      <Gallery {...props} />
    </Suspense>
  );
}
