#version 150
// Models placed by path (glTF, bam): textured, lit by a soft sky and a key light.
uniform mat4 p3d_ModelViewProjectionMatrix;
uniform mat4 p3d_ModelMatrix;
in vec4 p3d_Vertex;
in vec3 p3d_Normal;
in vec2 p3d_MultiTexCoord0;
out vec2 v_uv;
out vec3 v_n;

void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
    v_uv = p3d_MultiTexCoord0;
    v_n = normalize(mat3(p3d_ModelMatrix) * p3d_Normal);
}
