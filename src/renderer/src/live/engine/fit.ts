// The canvas backing size for a video in a box: the video's aspect, never larger than the
// video nor than the box (both in device pixels). CSS `object-fit: contain` letterboxes it.
// With `upscale` (a picture drawn into a region of a shared surface, which CSS cannot
// stretch) a small video is scaled up to fill the box, so it never sits small in the middle.

export function fitSize(
  videoWidth: number,
  videoHeight: number,
  boxWidth: number,
  boxHeight: number,
  upscale = false,
): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0)
    return { width: Math.max(1, boxWidth), height: Math.max(1, boxHeight) };
  if (boxWidth <= 0 || boxHeight <= 0) return { width: videoWidth, height: videoHeight };
  const fit = Math.min(boxWidth / videoWidth, boxHeight / videoHeight);
  const scale = upscale ? fit : Math.min(1, fit);
  return {
    width: Math.max(1, Math.round(videoWidth * scale)),
    height: Math.max(1, Math.round(videoHeight * scale)),
  };
}
