// The three.js scene of examples/three-offscreen.mjs and its window test: a lit, rotating box.
/** `update(frame)` poses the scene for that frame (a fixed step, so frames are the same on every machine). */
export function createThreeScene(THREE, aspect) {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x202030);
  const camera = new THREE.PerspectiveCamera(50, aspect, 0.1, 100);
  camera.position.set(0, 0, 4);
  const mesh = new THREE.Mesh(new THREE.BoxGeometry(1.4, 1.4, 1.4), new THREE.MeshStandardMaterial({ color: 0xff8040 }));
  scene.add(mesh);
  scene.add(new THREE.AmbientLight(0xffffff, 0.4));
  const light = new THREE.DirectionalLight(0xffffff, 2.5);
  light.position.set(2, 3, 4);
  scene.add(light);
  return { scene, camera, update(frame) { mesh.rotation.set(0.4 + frame * 0.05, 0.6 + frame * 0.08, 0); } };
}
