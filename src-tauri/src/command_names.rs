// The names of the commands the window may call, from the one list in
// `command_list.rs`: what build.rs turns into `allow-<command>` permissions
// and the capability, and what the IPC tests check against both. Kept free of
// any `use` so that build.rs can `include!` it.

macro_rules! command_list {
    ($($module:ident :: $command:ident $(<$runtime:ident>)?),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every command registered with the invoke handler, in its order.
pub const COMMAND_NAMES: &[&str] = include!("command_list.rs");
