package dev.operator.dli.simulator; public class SimulatorMain { public static void main(String[] a){} }
