#version 150
// Scene geometry with baked lighting (see experience/scene/_bake.py).
uniform mat4 p3d_ModelViewProjectionMatrix;
in vec4 p3d_Vertex;
in vec3 base;      // baked light x albedo, linear RGB, lights at their nominal level
in vec3 albedo;    // surface colour, linear RGB
in vec4 lightw;    // share of each animated light channel at this vertex
out vec3 v_base;
out vec3 v_albedo;
out vec4 v_w;

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_base = base;
    v_albedo = albedo;
    v_w = lightw;
}
