global using Broadcast3D.TestSupport;
