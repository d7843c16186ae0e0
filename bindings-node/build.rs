//! Sets up the linker flags a Node-API addon needs (symbols resolved by the Node process).

fn main() {
    napi_build::setup();
}
