// The canvas backing size for a video in a box: the video's aspect, never larger than the
// video nor than the box (both in device pixels). CSS `object-fit: contain` letterboxes it.

export function fitSize(
  videoWidth: number,
  videoHeight: number,
  boxWidth: number,
  boxHeight: number,
): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0)
    return { width: Math.max(1, boxWidth), height: Math.max(1, boxHeight) };
  if (boxWidth <= 0 || boxHeight <= 0) return { width: videoWidth, height: videoHeight };
  const scale = Math.min(1, boxWidth / videoWidth, boxHeight / videoHeight);
  return {
    width: Math.max(1, Math.round(videoWidth * scale)),
    height: Math.max(1, Math.round(videoHeight * scale)),
  };
}
