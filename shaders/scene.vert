#version 150
// Scene geometry with baked lighting (see experience/scene/_bake.py).
// Light is per vertex, so the whole shading runs here and fragments only
// interpolate: cheap at headset resolutions.
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform vec4 light_k;      // per animated light channel: level - 1 (0 = as baked)
uniform vec3 light_col0;
uniform vec3 light_col1;
uniform vec3 light_col2;
uniform vec3 light_col3;
uniform float exposure;
in vec4 p3d_Vertex;
in vec3 base;      // baked light x albedo, linear RGB, lights at their nominal level
in vec3 albedo;    // surface colour, linear RGB
in vec4 lightw;    // share of each animated light channel at this vertex
out vec3 v_color;

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    vec3 extra = light_k.x * lightw.x * light_col0 + light_k.y * lightw.y * light_col1
               + light_k.z * lightw.z * light_col2 + light_k.w * lightw.w * light_col3;
    vec3 c = max(base + albedo * extra, vec3(0.0)) * exposure;
    c = vec3(1.0) - exp(-c * 1.7);               // gentle shoulder, no clipping
    v_color = pow(c, vec3(1.0 / 2.2));
}
